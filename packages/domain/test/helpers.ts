import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DoseChangeInput, RefillInput, StatusInput } from '../src';

/** The clinic's live copy beside the repository (`../shared/domain/scenarios`). */
export const SHARED_SCENARIO_DIR = path.resolve(__dirname, '../../../../shared/domain/scenarios');
/** A committed copy of the same examples, so a clone without ../shared still runs them. */
export const VENDORED_SCENARIO_DIR = path.resolve(__dirname, 'contract-scenarios');
export const SCENARIO_DIR = existsSync(SHARED_SCENARIO_DIR) ? SHARED_SCENARIO_DIR : VENDORED_SCENARIO_DIR;
export const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The clinic's live v3 examples beside the repository, and the committed copy a clone runs. */
export const SHARED_V3_SCENARIO_DIR = path.resolve(__dirname, '../../../../shared/domain/scenarios-v3');
export const VENDORED_V3_SCENARIO_DIR = path.resolve(__dirname, 'contract-scenarios-v3');
/**
 * The engine v3 examples (status, refill, doseChange). The triage examples in the same folder are run by
 * triage-scenarios.spec.ts; when both live here, widen this to every v3-*.json.
 */
export const isEngineV3Example = (file: string): boolean =>
  file.startsWith('v3-') && !file.startsWith('v3-triage-') && file.endsWith('.json');

export interface Example {
  file: string;
  input: unknown;
  expected: unknown;
}

export function loadExamples(
  dir = SCENARIO_DIR,
  include: (file: string) => boolean = (f) => f.endsWith('.json'),
): Example[] {
  if (!existsSync(dir)) throw new Error(`scenario folder missing: ${dir}`);
  const files = readdirSync(dir).filter(include);
  if (files.length === 0) throw new Error(`no scenarios in ${dir}`);
  return files.sort().map((file) => {
    const parsed = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
    return { file, input: parsed.input, expected: parsed.expected };
  });
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/**
 * Output fields added by a later contract version (v3: status `worstCaseFactor`, refill `measuredRateFactor`):
 * an earlier example's expected output does not list them, and its result must still hold. Any other extra
 * or missing field is a difference.
 */
export const LATER_OUTPUT_FIELDS: ReadonlySet<string> = new Set(['worstCaseFactor', 'measuredRateFactor']);

/** Contract tolerances: instants ±60 s, numbers ±0.01, everything else exact; exact field names. */
export function contractDifferences(actual: unknown, expected: unknown, at = '$'): string[] {
  if (typeof expected === 'number') {
    return typeof actual === 'number' && Math.abs(actual - expected) <= 0.01 + 1e-9
      ? []
      : [`${at}: ${JSON.stringify(actual)} ≠ ${expected} (±0.01)`];
  }
  if (typeof expected === 'string' && INSTANT_RE.test(expected)) {
    const ok =
      typeof actual === 'string' &&
      INSTANT_RE.test(actual) &&
      Math.abs(Date.parse(actual) - Date.parse(expected)) <= 60_000;
    return ok ? [] : [`${at}: ${JSON.stringify(actual)} ≠ ${expected} (±60 s)`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) {
      return [`${at}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
    }
    return expected.flatMap((e, i) => contractDifferences(actual[i], e, `${at}[${i}]`));
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return [`${at}: not an object`];
    const expectedKeys = Object.keys(expected).sort();
    const actualKeys = Object.keys(actual)
      .filter((k) => k in expected || at !== '$' || !LATER_OUTPUT_FIELDS.has(k))
      .sort();
    if (JSON.stringify(expectedKeys) !== JSON.stringify(actualKeys)) {
      return [`${at}: keys ${actualKeys.join(',')} ≠ ${expectedKeys.join(',')}`];
    }
    return expectedKeys.flatMap((k) =>
      contractDifferences(
        (actual as Record<string, unknown>)[k],
        (expected as Record<string, unknown>)[k],
        `${at}.${k}`,
      ),
    );
  }
  return actual === expected ? [] : [`${at}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
}

/** A 40 mL pump refilled to 40 mL at 500 mcg/mL, 200 mcg/day (0.4 mL/day): alarm at day 95, empty at day 100. */
export function statusInput(overrides: Partial<StatusInput> = {}): StatusInput {
  return {
    kind: 'status',
    now: '2026-03-01T09:00:00Z',
    timeZone: 'Europe/London',
    patient: { highRisk: false },
    pump: { reservoirCapacityMl: 40, lowReservoirAlarmMl: 2.0 },
    lastRefill: { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: 40, concentrationMcgPerMl: 500 },
    dosePrograms: [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 }],
    ...overrides,
  };
}

export function refillInput(
  overrides: Partial<RefillInput> = {},
  refill: Partial<RefillInput['refill']> = {},
): RefillInput {
  return {
    kind: 'refill',
    timeZone: 'Europe/London',
    pump: { reservoirCapacityMl: 40, lowReservoirAlarmMl: 2.0 },
    lastRefill: { at: '2026-02-01T10:00:00Z', reservoirVolumeAfterMl: 40, concentrationMcgPerMl: 500 },
    dosePrograms: [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 }],
    ...overrides,
    // 10 days at 0.4 mL/day: 4 mL expected delivered, 36 mL expected residual.
    refill: {
      at: '2026-02-11T10:00:00Z',
      actualResidualMl: 36,
      volumeAddedMl: 40,
      concentrationMcgPerMl: 500,
      ...refill,
    },
  };
}

export function doseInput(overrides: Partial<DoseChangeInput> = {}): DoseChangeInput {
  return {
    kind: 'doseChange',
    now: '2026-03-02T09:00:00Z',
    patient: { spasticityOrigin: 'spinal', implantedAt: '2025-06-01T12:00:00Z', pediatric: false },
    current: { doseMcgPerDay: 400, changedAt: '2026-02-01T08:00:00Z' },
    proposedDoseMcgPerDay: 400,
    ...overrides,
  };
}

/** Asserts that `fn` throws an EngineError with `code`. */
export function expectCode(fn: () => unknown, code: string): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeDefined();
  expect((thrown as { code?: string }).code).toBe(code);
}
