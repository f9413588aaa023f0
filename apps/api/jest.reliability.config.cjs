// `pnpm test:reliability`: the slower fault-injection suites (database restarts, SIGKILL, backup round trip).
const base = require('./jest.config.cjs');
module.exports = {
  ...base,
  roots: ['<rootDir>/test/reliability'],
  testRegex: '\\.rel-spec\\.ts$',
  testTimeout: 180000,
  // each suite starts its own PostgreSQL cluster or API process; run them one at a time
  maxWorkers: 1,
};
