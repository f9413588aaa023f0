import fs from 'node:fs';
import path from 'node:path';

const FIGURES_FILE = path.resolve(__dirname, '../../../../../.data/reliability-figures.jsonl');

/**
 * Prints one line `RELIABILITY {"test":…,…}` per test (the figures docs/RELIABILITY.md quotes) and appends it to
 * .data/reliability-figures.jsonl so a run's figures can be collected in one place.
 */
export function reportFigures(test: string, figures: Record<string, unknown>): void {
  const line = JSON.stringify({ test, ...figures });
  console.log(`RELIABILITY ${line}`);
  try {
    fs.mkdirSync(path.dirname(FIGURES_FILE), { recursive: true });
    fs.appendFileSync(FIGURES_FILE, `${line}\n`);
  } catch {
    // figures are a by-product; a read-only checkout must not fail the test
  }
}
