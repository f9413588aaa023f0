#!/usr/bin/env node
// Part of `pnpm lint`: builds the API, writes its OpenAPI document without a database (Nest's preview mode), and
// lints it with Redocly (redocly.yaml). Exits non-zero on any lint error.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'apps/api/dist/openapi.json');
const run = (cmd, args, env = {}) => {
  const { status } = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (status !== 0) process.exit(status ?? 1);
};

run('pnpm', ['-s', '--filter', './packages/**', '--filter', '@pumpwatch/api', 'run', 'build'], {});
run('node', [path.join(root, 'apps/api/dist/cli/openapi.js'), out]);
run('pnpm', ['exec', 'redocly', 'lint', out, '--config', path.join(root, 'redocly.yaml')], {
  REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
  REDOCLY_TELEMETRY: 'off',
});
