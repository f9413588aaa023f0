import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { evaluate } from '../src';
import { readdirSync, readFileSync } from 'node:fs';
import {
  contractDifferences,
  loadExamples,
  REPO_ROOT,
  SCENARIO_DIR,
  SHARED_SCENARIO_DIR,
  VENDORED_SCENARIO_DIR,
} from './helpers';

describe('clinic scenarios (shared/domain/scenarios)', () => {
  const examples = loadExamples();

  it('finds the scenario folder', () => {
    expect(existsSync(SCENARIO_DIR)).toBe(true);
    expect(examples.length).toBeGreaterThan(0);
  });

  // When the clinic's folder is present, the committed copy must not have drifted from it.
  it('the committed copy matches the clinic scenarios it was taken from', () => {
    if (!existsSync(SHARED_SCENARIO_DIR)) return;
    for (const f of readdirSync(SHARED_SCENARIO_DIR).filter((n) => n.endsWith('.json'))) {
      const shared = JSON.parse(readFileSync(path.join(SHARED_SCENARIO_DIR, f), 'utf8'));
      const copy = JSON.parse(readFileSync(path.join(VENDORED_SCENARIO_DIR, f), 'utf8'));
      expect({ f, copy }).toEqual({ f, copy: shared });
    }
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s', (_file, example) => {
    const actual = evaluate(example.input);
    expect(contractDifferences(JSON.parse(JSON.stringify(actual)), example.expected)).toEqual([]);
  });
});

describe('contract comparison helper', () => {
  it('rejects a renamed field, a far instant and a wrong number', () => {
    expect(contractDifferences({ a: 1 }, { b: 1 })).not.toEqual([]);
    expect(contractDifferences({ t: '2026-01-01T00:01:01Z' }, { t: '2026-01-01T00:00:00Z' })).not.toEqual([]);
    expect(contractDifferences({ t: '2026-01-01T00:01:00Z' }, { t: '2026-01-01T00:00:00Z' })).toEqual([]);
    expect(contractDifferences({ n: 1.02 }, { n: 1 })).not.toEqual([]);
  });
});

describe('scenario CLI (pnpm -s scenario)', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const cli = path.join(REPO_ROOT, 'packages/domain/src/cli/scenario.ts');
  const run = (file: string) => spawnSync(tsx, [cli, file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

  it('prints only the output JSON for an example file and exits 0', () => {
    const [example] = loadExamples();
    const result = run(path.relative(REPO_ROOT, path.join(SCENARIO_DIR, example.file)));
    expect(result.status).toBe(0);
    expect(contractDifferences(JSON.parse(result.stdout), example.expected)).toEqual([]);
  }, 60_000);

  it('prints {error, message} and exits non-zero for invalid input', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pumpwatch-cli-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ kind: 'status', now: 'yesterday' }));
    const result = run(file);
    expect(result.status).not.toBe(0);
    const parsed = JSON.parse(result.stdout);
    expect(Object.keys(parsed).sort()).toEqual(['error', 'message']);
    expect(['INVALID_INPUT', 'INVALID_INSTANT']).toContain(parsed.error);
  }, 60_000);

  it('reports UNKNOWN_KIND for a bare input of an unknown kind', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pumpwatch-cli-'));
    const file = path.join(dir, 'kind.json');
    writeFileSync(file, JSON.stringify({ kind: 'teleport' }));
    const result = run(file);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).error).toBe('UNKNOWN_KIND');
  }, 60_000);
});
