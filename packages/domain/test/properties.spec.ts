import fc from 'fast-check';
import {
  checkDoseChange,
  checkRefill,
  computeStatus,
  localDate,
  MS_PER_DAY,
  parseInstant,
  projectionInstants,
  projectionSegments,
  reservoirAtMl,
  validateStatusInput,
  type DoseProgram,
  type StatusInput,
} from '../src';

const iso = (ms: number) => new Date(ms).toISOString();
const BASE_MS = Date.UTC(2024, 0, 1);
const ZONES = ['UTC', 'Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'Pacific/Chatham'];

const basalProgram = fc.record({ basalDoseMcgPerDay: fc.double({ min: 0, max: 2500, noNaN: true }) });
const flexProgram = fc.array(fc.integer({ min: 0, max: 120 }), { minLength: 1, maxLength: 6 }).chain((rates) => {
  // Durations summing to 1440: cut points on the minute grid.
  return fc
    .uniqueArray(fc.integer({ min: 1, max: 1439 }), { minLength: rates.length - 1, maxLength: rates.length - 1 })
    .map((cuts) => {
      const edges = [0, ...cuts.sort((a, b) => a - b), 1440];
      return { flexSteps: rates.map((r, i) => ({ durationMinutes: edges[i + 1] - edges[i], doseRateMcgPerHour: r })) };
    });
});
const bolus = fc.option(
  fc.record({ bolusDoseMcg: fc.integer({ min: 0, max: 100 }), maxBolusesPerDay: fc.integer({ min: 0, max: 8 }) }),
  {
    nil: undefined,
  },
);

/** A valid status input: a program in force at lastRefill.at, later ones before and after now. */
const statusArb: fc.Arbitrary<StatusInput> = fc
  .record({
    lastRefillMs: fc.integer({ min: 0, max: 3 * 365 * MS_PER_DAY }),
    sinceRefillMs: fc.integer({ min: 0, max: 300 * MS_PER_DAY }),
    volumeMl: fc.double({ min: 0, max: 40, noNaN: true }),
    alarmMl: fc.double({ min: 0, max: 5, noNaN: true }),
    concentration: fc.constantFrom(50, 500, 1000, 2000, 3000),
    factor: fc.double({ min: 1, max: 1.5, noNaN: true }),
    highRisk: fc.boolean(),
    timeZone: fc.constantFrom(...ZONES),
    appointmentDays: fc.option(fc.integer({ min: -30, max: 400 }), { nil: null }),
    programs: fc.array(
      fc.record({
        offsetMs: fc.integer({ min: -200 * MS_PER_DAY, max: 300 * MS_PER_DAY }),
        dose: fc.oneof(basalProgram, flexProgram),
        bolus,
      }),
      { minLength: 0, maxLength: 5 },
    ),
    first: fc.record({
      dose: fc.oneof(basalProgram, flexProgram),
      bolus,
      beforeMs: fc.integer({ min: 0, max: 400 * MS_PER_DAY }),
    }),
  })
  .map((g) => {
    const lastRefillAt = BASE_MS + g.lastRefillMs;
    const program = (effectiveAtMs: number, dose: object, extra?: object): DoseProgram => ({
      effectiveAt: iso(effectiveAtMs),
      ...dose,
      ...(extra ?? {}),
    });
    return {
      kind: 'status' as const,
      now: iso(lastRefillAt + g.sinceRefillMs),
      timeZone: g.timeZone,
      patient: { highRisk: g.highRisk },
      pump: { reservoirCapacityMl: 40, lowReservoirAlarmMl: g.alarmMl, worstCaseFactor: g.factor },
      lastRefill: { at: iso(lastRefillAt), reservoirVolumeAfterMl: g.volumeMl, concentrationMcgPerMl: g.concentration },
      dosePrograms: [
        program(lastRefillAt - g.first.beforeMs, g.first.dose, g.first.bolus),
        ...g.programs.map((p) => program(lastRefillAt + p.offsetMs, p.dose, p.bolus)),
      ],
      appointmentAt: g.appointmentDays === null ? null : iso(lastRefillAt + g.appointmentDays * MS_PER_DAY),
    };
  });

function everyNumberFinite(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(everyNumberFinite);
  if (typeof value === 'object' && value !== null) return Object.values(value).every(everyNumberFinite);
  return true;
}

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };

describe('projection properties', () => {
  it('the reservoir never increases over time and is never negative', () => {
    fc.assert(
      fc.property(
        statusArb,
        fc.array(fc.integer({ min: -10 * MS_PER_DAY, max: 500 * MS_PER_DAY }), { minLength: 2, maxLength: 8 }),
        (input, offsets) => {
          const model = validateStatusInput(input);
          const segments = projectionSegments(model);
          const times = offsets.map((o) => model.lastRefillAtMs + o).sort((a, b) => a - b);
          for (const factor of [1, model.worstCaseFactor]) {
            const volumes = times.map((t) => reservoirAtMl(segments, model.startVolumeMl, t, factor));
            volumes.forEach((v, i) => {
              expect(v).toBeGreaterThanOrEqual(0);
              expect(v).toBeLessThanOrEqual(model.startVolumeMl);
              if (i > 0) expect(v).toBeLessThanOrEqual(volumes[i - 1]);
            });
          }
        },
      ),
      RUNS,
    );
  });

  it('alarm ≤ empty, worst case ≤ nominal, and a reached level is reached', () => {
    fc.assert(
      fc.property(statusArb, (input) => {
        const model = validateStatusInput(input);
        const i = projectionInstants(model);
        const pairs: [number | null, number | null][] = [
          [i.lowReservoirAlarmAtMs, i.projectedEmptyAtMs],
          [i.worstCaseLowReservoirAlarmAtMs, i.worstCaseEmptyAtMs],
          [i.worstCaseEmptyAtMs, i.projectedEmptyAtMs],
          [i.worstCaseLowReservoirAlarmAtMs, i.lowReservoirAlarmAtMs],
        ];
        for (const [early, late] of pairs) {
          if (late !== null) {
            expect(early).not.toBeNull();
            expect(early!).toBeLessThanOrEqual(late);
          }
        }
        for (const t of [i.lowReservoirAlarmAtMs, i.worstCaseLowReservoirAlarmAtMs, i.projectedEmptyAtMs]) {
          if (t !== null) expect(t).toBeGreaterThanOrEqual(model.lastRefillAtMs);
        }
        if (i.projectedEmptyAtMs !== null) {
          const segments = projectionSegments(model);
          expect(reservoirAtMl(segments, model.startVolumeMl, i.projectedEmptyAtMs + 1)).toBeLessThan(1e-6);
        }
      }),
      RUNS,
    );
  });

  it('the due date is never after the local date of the nominal alarm', () => {
    fc.assert(
      fc.property(statusArb, (input) => {
        const out = computeStatus(input);
        if (out.lowReservoirAlarmAt !== null) {
          expect(out.refillDueDate <= localDate(parseInstant(out.lowReservoirAlarmAt), input.timeZone)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it('splitting a program into two identical consecutive programs changes nothing', () => {
    fc.assert(
      fc.property(statusArb, fc.nat(), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (input, pick, fraction) => {
        const sorted = input.dosePrograms
          .map((p, index) => ({ p, index, ms: parseInstant(p.effectiveAt) }))
          .sort((a, b) => a.ms - b.ms || a.index - b.index);
        const k = pick % sorted.length;
        const startMs = sorted[k].ms;
        const nextMs = sorted.slice(k + 1).find((s) => s.ms > startMs)?.ms ?? startMs + 400 * MS_PER_DAY;
        // Only the last program at an effectiveAt is in force; split that one.
        if (sorted.slice(k + 1).some((s) => s.ms === startMs)) return;
        const splitMs = Math.floor(startMs + (nextMs - startMs) * fraction);
        if (splitMs <= startMs || splitMs >= nextMs) return;
        const copy = { ...sorted[k].p, effectiveAt: iso(splitMs) };
        const split = { ...input, dosePrograms: [...input.dosePrograms, copy] };
        expect(computeStatus(split)).toEqual(computeStatus(input));
      }),
      RUNS,
    );
  });
});

describe('finite outputs', () => {
  it('status outputs are finite', () => {
    fc.assert(
      fc.property(statusArb, (input) => {
        expect(everyNumberFinite(computeStatus(input))).toBe(true);
      }),
      RUNS,
    );
  });

  it('refill outputs are finite; the percentage is null only when nothing was expected to be delivered', () => {
    fc.assert(
      fc.property(
        statusArb,
        fc.integer({ min: 0, max: 200 * MS_PER_DAY }),
        fc.double({ min: -5, max: 45, noNaN: true }),
        fc.double({ min: -5, max: 45, noNaN: true }),
        fc.constantFrom(50, 500, 750, 1000, 2000),
        (status, sinceMs, residual, added, concentration) => {
          const out = checkRefill({
            ...status,
            kind: 'refill',
            refill: {
              at: iso(parseInstant(status.lastRefill.at) + sinceMs),
              actualResidualMl: residual,
              volumeAddedMl: added,
              concentrationMcgPerMl: concentration,
            },
          });
          expect(everyNumberFinite(out)).toBe(true);
          // Null comes from the exact delivered volume (0); a printed 0.00 may hide a tiny exact delivery.
          if (out.discrepancyPct === null) expect(out.expectedDeliveredMl).toBe(0);
          if (out.expectedDeliveredMl > 0.01) expect(out.discrepancyPct).not.toBeNull();
          expect(out.discrepancyThresholdMl).toBeGreaterThanOrEqual(0.5);
          expect(out.discrepancyThresholdMl).toBeLessThanOrEqual(2);
        },
      ),
      RUNS,
    );
  });

  it('dose-change outputs are consistent', () => {
    fc.assert(
      fc.property(
        fc.option(fc.double({ min: 0, max: 3000, noNaN: true }), { nil: null }),
        fc.oneof(fc.double({ min: -10, max: 6000, noNaN: true }), fc.constant(null), fc.string()),
        fc.option(fc.string(), { nil: undefined }),
        fc.constantFrom('spinal', 'cerebral', 'mixed'),
        fc.boolean(),
        (current, proposed, reason, origin, pediatric) => {
          const out = checkDoseChange({
            now: '2026-03-02T09:00:00Z',
            patient: { spasticityOrigin: origin as 'spinal', implantedAt: '2026-03-01T20:00:00Z', pediatric },
            current: current === null ? null : { doseMcgPerDay: current, changedAt: '2026-03-01T08:00:00Z' },
            proposedDoseMcgPerDay: proposed,
            override: reason === undefined ? undefined : { reason },
          });
          expect(out.accepted).toBe(out.errors.length === 0);
          expect([...out.errors].sort()).toEqual(out.errors);
          if (out.errors.includes('DOSE_INVALID')) expect(out.errors).toEqual(['DOSE_INVALID']);
          if (out.overridden.length > 0) expect(out.errors).toEqual([]);
        },
      ),
      RUNS,
    );
  });
});
