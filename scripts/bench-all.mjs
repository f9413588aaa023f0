#!/usr/bin/env node
// `pnpm bench`: builds, then runs every bench/*.bench.ts in turn; each prints a table and appends to bench/RESULTS.md.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const only = process.argv[2];
const build = spawnSync('pnpm', ['-s', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(1);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const f of files) {
  console.log(`\n=== bench/${f} ===`);
  const { status } = spawnSync('node', ['--import', 'tsx', `bench/${f}`], { stdio: 'inherit' });
  if (status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
