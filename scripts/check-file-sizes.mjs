#!/usr/bin/env node
// Part of `pnpm lint`: no source file over MAX_LINES lines (house rule). A file that grows past it mixes concerns
// that are easier to read, test and change apart (alarms.service.ts reached 562 lines doing six things). Checks
// tracked and new .ts/.tsx/.mjs files under apps, packages, bench, e2e and scripts; build output, dependencies and
// generated files (a "@generated" or "DO NOT EDIT" marker in their first lines) are not the rule's business.
import { fileURLToPath } from 'node:url';
import { repoFiles } from './lib/repo-files.mjs';

export const MAX_LINES = 400;
const SCOPE = ['apps', 'packages', 'bench', 'e2e', 'scripts'];
const SOURCE = /\.(ts|tsx|mjs)$/;
const SKIPPED_DIR = /(^|\/)(node_modules|dist)\//;
const GENERATED = /@generated|DO NOT EDIT|auto-generated/i;

/** Lines of a text as an editor counts them (a final newline does not start another line). */
export function lineCount(text) {
  if (!text) return 0;
  const lines = text.split('\n').length;
  return text.endsWith('\n') ? lines - 1 : lines;
}

/** `file: N lines` when a source file is over the limit and not generated, else null. */
export function oversized(file, text, max = MAX_LINES) {
  if (!SOURCE.test(file) || SKIPPED_DIR.test(file)) return null;
  if (GENERATED.test(text.split('\n', 5).join('\n'))) return null;
  const lines = lineCount(text);
  return lines > max ? `${file}: ${lines} lines` : null;
}

function main() {
  const hits = repoFiles(SCOPE, (f) => SOURCE.test(f) && !SKIPPED_DIR.test(f))
    .map(({ file, text }) => oversized(file, text))
    .filter(Boolean);
  if (hits.length) {
    console.error(
      `${hits.length} source file(s) over ${MAX_LINES} lines: split each by concern (see docs/ARCHITECTURE.md):\n` +
        hits.map((h) => `  ${h}`).join('\n'),
    );
    process.exit(1);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
