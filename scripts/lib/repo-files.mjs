// Shared by the lint checks that read the repository's own files (check-citations, check-file-sizes).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Tracked and new (not ignored) files under `scope` whose path passes `keep`, each with its text: a check must see
 * a file the moment it is written, not only once it is committed. Files deleted in the working tree are left out.
 */
export function repoFiles(scope, keep) {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...scope], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((f) => f && keep(f));
  const files = [];
  for (const file of new Set(listed)) {
    try {
      files.push({ file, text: readFileSync(path.join(root, file), 'utf8') });
    } catch {
      // deleted in the working tree, not yet staged
    }
  }
  return files;
}
