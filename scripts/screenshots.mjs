#!/usr/bin/env node
// `pnpm screenshots`: refreshes docs/screenshots (the README's pictures) by running the e2e suite with the
// screenshot helper switched on. `pnpm test` never writes them, so a test run leaves the tracked files alone.
// Extra arguments go to Playwright, e.g. `pnpm screenshots specs/worklist.e2e-spec.ts`.
import { spawnSync } from 'node:child_process';

const build = spawnSync('pnpm', ['-s', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const run = spawnSync('pnpm', ['--filter', '@pumpwatch/e2e', 'exec', 'playwright', 'test', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, PUMPWATCH_SCREENSHOTS: '1' },
});
process.exit(run.status ?? 1);
