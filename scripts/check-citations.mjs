#!/usr/bin/env node
// Part of `pnpm lint`: source and tests may cite only what a clone of the repository contains. The clinic's own
// contract files live outside it, so a comment pointing there sends a newcomer nowhere: cite docs/clinical/*.md
// (the project's clinical specification) or explain the why in place. Checks tracked and new files alike.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCOPE = ['apps', 'packages', 'e2e', 'bench', 'scripts'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|sql|json|ya?ml|html|css)$/;
// The names are built from pieces so that this file does not cite them itself.
const NAMES = [
  ['ITB', 'REFERENCE'],
  ['ENGINE', 'CONTRACT'],
  ['API', 'CONTRACT'],
  ['IMPORT', 'CONTRACT'],
  ['NOTIFY', 'CONTRACT'],
].map((parts) => parts.join('-'));
const FORBIDDEN = new RegExp([...NAMES, ['', 'work', 'shared', ''].join('/')].join('|'));

/** Lines of `text` naming a file outside the repository, as `file:line: text`. */
export function findCitations(file, text) {
  return text.split('\n').flatMap((line, i) => (FORBIDDEN.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

function main() {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', ...SCOPE], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
    .split('\0')
    .filter((f) => f && SOURCE.test(f) && !f.includes('node_modules/'));
  const hits = [];
  for (const file of new Set(files)) {
    let text;
    try {
      text = readFileSync(path.join(root, file), 'utf8');
    } catch {
      continue; // deleted in the working tree, not yet staged
    }
    hits.push(...findCitations(file, text));
  }
  if (hits.length) {
    console.error(
      `${hits.length} line(s) cite files a clone of the repository does not contain. Point them into ` +
        'docs/clinical/*.md or explain the why in place:\n' +
        hits.map((h) => `  ${h}`).join('\n'),
    );
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
