import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate } from '../src';
import { contractDifferences, REPO_ROOT } from './helpers';

/** The clinic's live v3 examples beside the repository, and the committed copy a clone runs. */
const SHARED_V3_DIR = path.resolve(__dirname, '../../../../shared/domain/scenarios-v3');
const VENDORED_V3_DIR = path.resolve(__dirname, 'contract-scenarios-v3');
const isTriage = (f: string) => f.startsWith('v3-triage-') && f.endsWith('.json');

function triageExamples(dir: string): { file: string; input: unknown; expected: unknown }[] {
  return readdirSync(dir)
    .filter(isTriage)
    .sort()
    .map((file) => ({ file, ...JSON.parse(readFileSync(path.join(dir, file), 'utf8')) }));
}

describe('triage examples (scenarios-v3/v3-triage-*.json)', () => {
  const vendored = triageExamples(VENDORED_V3_DIR);

  it('has the two contract examples committed', () => {
    expect(vendored.map((e) => e.file)).toEqual([
      'v3-triage-overdose-after-refill.json',
      'v3-triage-withdrawal-reservoir-low.json',
    ]);
  });

  it('the committed copies match the clinic examples they were taken from', () => {
    if (!existsSync(SHARED_V3_DIR)) return;
    const shared = triageExamples(SHARED_V3_DIR);
    expect(vendored).toEqual(shared);
  });

  it.each(vendored.map((e) => [e.file, e] as const))('%s', (_file, example) => {
    const actual = evaluate(example.input);
    expect(contractDifferences(JSON.parse(JSON.stringify(actual)), example.expected)).toEqual([]);
  });
});

describe('triage through the scenario CLI (pnpm -s scenario)', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const cli = path.join(REPO_ROOT, 'packages/domain/src/cli/scenario.ts');
  const run = (file: string) => spawnSync(tsx, [cli, file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

  it.each(triageExamples(VENDORED_V3_DIR).map((e) => [e.file, e] as const))(
    '%s prints the expected output',
    (file, example) => {
      const result = run(path.relative(REPO_ROOT, path.join(VENDORED_V3_DIR, file)));
      expect(result.status).toBe(0);
      expect(contractDifferences(JSON.parse(result.stdout), example.expected)).toEqual([]);
    },
    60_000,
  );

  it('an unknown symptom prints INVALID_INPUT and exits 1', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'pumpwatch-triage-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ kind: 'triage', now: '2026-03-05T21:10:00Z', symptoms: ['HEADACHE'] }));
    const result = run(file);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).error).toBe('INVALID_INPUT');
  }, 60_000);
});
