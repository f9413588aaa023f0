import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const RESULTS = path.resolve(__dirname, '../RESULTS.md');

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

export function table(header: string[], rows: (string | number)[][]): string {
  const line = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n') + '\n';
}

/** Appends a dated section to bench/RESULTS.md (newest last). */
export function appendResults(title: string, body: string): void {
  const stamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  if (!fs.existsSync(RESULTS))
    fs.writeFileSync(RESULTS, '# Benchmark results\n\nAppended by `pnpm bench`; each section names the machine.\n');
  fs.appendFileSync(RESULTS, `\n## ${title} — ${stamp}\n\n${body}\n`);
}
