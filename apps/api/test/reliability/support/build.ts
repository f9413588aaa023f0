import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const API_DIR = path.resolve(__dirname, '../../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** The built API must match the sources (`pnpm test` builds first; a stale dist is rebuilt here). */
export function ensureBuilt(): void {
  const main = path.join(API_DIR, 'dist/main.js');
  if (fs.existsSync(main) && fs.statSync(main).mtimeMs >= newestMtime(path.join(API_DIR, 'src'))) return;
  const res = spawnSync('pnpm', ['-s', 'run', 'build'], { cwd: API_DIR, stdio: 'inherit' });
  if (res.status !== 0) throw new Error('api build failed');
}
