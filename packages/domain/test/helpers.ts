import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { DoseChangeInput, RefillInput, StatusInput } from '../src';

/** The clinic's live copy beside the repository (`../shared/domain/scenarios`). */
export const SHARED_SCENARIO_DIR = path.resolve(__dirname, '../../../../shared/domain/scenarios');
/** A committed copy of the same examples, so a clone without ../shared still runs them. */
export const VENDORED_SCENARIO_DIR = path.resolve(__dirname, 'contract-scenarios');
export const SCENARIO_DIR = existsSync(SHARED_SCENARIO_DIR) ? SHARED_SCENARIO_DIR : VENDORED_SCENARIO_DIR;
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface Example {
  file: string;
  input: unknown;
  expected: unknown;
}

export function loadExamples(): Example[] {
  if (!existsSync(SCENARIO_DIR)) throw new Error(`scenario folder missing: ${SCENARIO_DIR}`);
  const files = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.json'));
  if (files.length === 0) throw new Error(`no scenarios in ${SCENARIO_DIR}`);
  return files.sort().map((file) => {
    const parsed = JSON.parse(readFileSync(path.join(SCENARIO_DIR, file), 'utf8'));
    return { file, input: parsed.input, expected: parsed.expected };
  });
}

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

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
    const actualKeys = Object.keys(actual).sort();
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
