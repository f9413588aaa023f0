const base = require('../../jest.swc.cjs');
module.exports = {
  ...base,
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  // integration files each get their own database; two workers suit the 2-core machines
  maxWorkers: 2,
};
