const base = require('../../jest.swc.cjs');
module.exports = { ...base, testEnvironment: 'node', roots: ['<rootDir>/src', '<rootDir>/test'] };
