#!/usr/bin/env node
// `pnpm test`: lint, build once, then every suite in turn (even after a failure); exits non-zero if any failed.
// It is what CI runs (.ci/run installs what a fresh machine lacks, then runs exactly this).
import { spawnSync } from 'node:child_process';

const api = (config) => ['--filter', '@pumpwatch/api', 'exec', 'jest', '-c', config];
const steps = [
  ['lint (prettier, citations, eslint, type-check, openapi)', 'pnpm', ['-s', 'lint']],
  ['build', 'pnpm', ['-s', 'build']],
  ['domain (jest)', 'pnpm', ['--filter', '@pumpwatch/domain', 'exec', 'jest']],
  ['api unit + integration (jest, real PostgreSQL)', 'pnpm', ['--filter', '@pumpwatch/api', 'exec', 'jest']],
  ['web components (vitest)', 'pnpm', ['--filter', '@pumpwatch/web', 'exec', 'vitest', 'run']],
  ['e2e (playwright, chromium)', 'pnpm', ['--filter', '@pumpwatch/e2e', 'exec', 'playwright', 'test']],
  ['reliability (faults, concurrency, first run, backups)', 'pnpm', api('jest.reliability.config.cjs')],
  ['upgrade in place (previous release → this build)', 'pnpm', api('jest.upgrade.config.cjs')],
  ['cluster (nginx, 3 instances, primary + standby)', 'pnpm', api('jest.cluster.config.cjs')],
];

const results = [];
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name} ===`);
  const { status } = spawnSync(cmd, args, { stdio: 'inherit' });
  results.push({ name, ok: status === 0, seconds: ((Date.now() - started) / 1000).toFixed(1) });
  if (name === 'build' && status !== 0) break;
}

console.log('\n=== summary ===');
for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name}  (${r.seconds}s)`);
process.exit(results.every((r) => r.ok) && results.length === steps.length ? 0 : 1);
