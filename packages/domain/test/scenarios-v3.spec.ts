import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { evaluate, isEngineError } from '../src';
import {
  contractDifferences,
  isEngineV3Example,
  loadExamples,
  REPO_ROOT,
  SHARED_V3_SCENARIO_DIR,
  VENDORED_V3_SCENARIO_DIR,
  type Example,
} from './helpers';

/** The output, or `{ error }` with the engine's code: an example may expect either. */
function outcome(input: unknown): unknown {
  try {
    return JSON.parse(JSON.stringify(evaluate(input)));
  } catch (error) {
    if (isEngineError(error)) return { error: error.code };
    throw error;
  }
}

const expectsError = (e: Example) =>
  typeof e.expected === 'object' && e.expected !== null && 'error' in (e.expected as object);

describe('clinic v3 examples (engine kinds; triage runs in triage-scenarios.spec.ts)', () => {
  const examples = loadExamples(VENDORED_V3_SCENARIO_DIR, isEngineV3Example);

  it('has the seven engine examples committed', () => {
    expect(examples.map((e) => e.file)).toEqual([
      'v3-bolus-counts.json',
      'v3-first-start-unit-error.json',
      'v3-refill-measured-factor.json',
      'v3-restart-after-long-interruption.json',
      'v3-restart-short-interruption-full-dose.json',
      'v3-status-measured-over-infusion.json',
      'v3-status-overfilled-reservoir.json',
    ]);
  });

  // When the clinic's folder is present, the committed copies must not have drifted from it.
  it('the committed copies match the clinic examples they were taken from', () => {
    if (!existsSync(SHARED_V3_SCENARIO_DIR)) return;
    expect(examples).toEqual(loadExamples(SHARED_V3_SCENARIO_DIR, isEngineV3Example));
  });

  it.each(examples.map((e) => [e.file, e] as const))('%s', (_file, example) => {
    expect(contractDifferences(outcome(example.input), example.expected)).toEqual([]);
  });
});

describe('v3 examples through the scenario CLI (pnpm -s scenario)', () => {
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const cli = path.join(REPO_ROOT, 'packages/domain/src/cli/scenario.ts');
  const run = (file: string) => spawnSync(tsx, [cli, file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

  it.each(loadExamples(VENDORED_V3_SCENARIO_DIR, isEngineV3Example).map((e) => [e.file, e] as const))(
    '%s prints the expected JSON',
    (file, example) => {
      const result = run(path.relative(REPO_ROOT, path.join(VENDORED_V3_SCENARIO_DIR, file)));
      const printed = JSON.parse(result.stdout);
      if (expectsError(example)) {
        expect(result.status).toBe(1);
        expect(Object.keys(printed).sort()).toEqual(['error', 'message']);
        expect(printed.error).toBe((example.expected as { error: string }).error);
      } else {
        expect(result.status).toBe(0);
        expect(contractDifferences(printed, example.expected)).toEqual([]);
      }
    },
    60_000,
  );
});
