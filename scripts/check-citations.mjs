#!/usr/bin/env node
// Part of `pnpm lint`: source and tests may cite only what a clone of the repository contains. The clinic's own
// contract files live outside it, so a comment pointing there sends a newcomer nowhere: cite docs/clinical/*.md
// (the project's clinical specification) or explain the why in place. Checks tracked and new files alike.
import { fileURLToPath } from 'node:url';
import { repoFiles } from './lib/repo-files.mjs';

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
  const hits = repoFiles(SCOPE, (f) => SOURCE.test(f) && !f.includes('node_modules/')).flatMap(({ file, text }) =>
    findCitations(file, text),
  );
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
