// `pnpm test:cluster`: nginx over 3 API processes on a PostgreSQL primary with a streaming standby (test/cluster).
const base = require('../../jest.swc.cjs');
module.exports = {
  ...base,
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testRegex: '\\.cl-spec\\.ts$',
  testTimeout: 180000,
  maxWorkers: 1,
};
