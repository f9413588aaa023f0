// `pnpm test:upgrade`: the previous release, built from git history, upgraded in place by the current build.
const base = require('../../jest.swc.cjs');
module.exports = {
  ...base,
  testEnvironment: 'node',
  roots: ['<rootDir>/test/upgrade'],
  testRegex: '\\.up-spec\\.ts$',
  // building the release and starting two apps one after the other
  testTimeout: 600000,
  maxWorkers: 1,
};
