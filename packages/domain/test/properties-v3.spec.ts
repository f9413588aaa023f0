/** Property tests of the v3 safety rules: no combination of inputs walks around a guard. */
import fc from 'fast-check';
import {
  checkDoseChange,
  checkRefill,
  computeStatus,
  isEngineError,
  MS_PER_DAY,
  MS_PER_HOUR,
  overrideReasonLength,
  type DoseChangeInput,
  type StatusInput,
} from '../src';

const RUNS = { numRuns: Number(process.env.PROPERTY_RUNS ?? 300) };
const NOW_MS = Date.UTC(2026, 2, 5, 9);
const iso = (ms: number) => new Date(ms).toISOString();
const hoursAgo = fc.integer({ min: -48, max: 2000 }).map((h) => iso(NOW_MS - h * MS_PER_HOUR));
const doseMcg = fc.oneof(fc.integer({ min: 0, max: 2500 }), fc.double({ min: 0, max: 2500, noNaN: true }));
const positiveDose = fc.double({ min: 1, max: 2500, noNaN: true });
const bolusPair = fc.option(
  fc.record({ bolusDoseMcg: fc.integer({ min: 0, max: 200 }), maxBolusesPerDay: fc.integer({ min: 0, max: 8 }) }),
  { nil: undefined },
);
const longReason = fc
  .string({ minLength: 8, maxLength: 40 })
  .filter((r) => overrideReasonLength(r) >= 8)
  .map((r) => r);

/** Any doseChange input the API could send, without an override. */
const doseArb: fc.Arbitrary<DoseChangeInput> = fc
  .record({
    origin: fc.constantFrom('spinal' as const, 'cerebral' as const, 'mixed' as const),
    pediatric: fc.boolean(),
    implantedAt: fc.oneof(fc.constant('2024-01-01T00:00:00Z'), hoursAgo),
    screeningDoseMcg: fc.option(fc.integer({ min: 25, max: 100 }), { nil: undefined }),
    current: fc.option(fc.record({ dose: doseMcg, changedAt: hoursAgo, bolus: bolusPair }), { nil: null }),
    lastNonZero: fc.option(fc.record({ dose: positiveDose, bolus: bolusPair }), { nil: undefined }),
    interruption: fc.option(fc.record({ since: hoursAgo, restartRecorded: fc.boolean() }), { nil: undefined }),
    history: fc.option(fc.array(fc.record({ at: hoursAgo, dose: doseMcg, bolus: bolusPair }), { maxLength: 5 }), {
      nil: undefined,
    }),
    proposed: doseMcg,
    effectiveInHours: fc.integer({ min: -72, max: 72 }),
  })
  .map((g) => ({
    kind: 'doseChange' as const,
    now: iso(NOW_MS),
    patient: {
      spasticityOrigin: g.origin,
      implantedAt: g.implantedAt,
      pediatric: g.pediatric,
      screeningDoseMcg: g.screeningDoseMcg,
    },
    current: g.current && { doseMcgPerDay: g.current.dose, changedAt: g.current.changedAt, ...g.current.bolus },
    lastNonZero: g.lastNonZero && { doseMcgPerDay: g.lastNonZero.dose, ...g.lastNonZero.bolus },
    interruption: g.interruption,
    history: g.history?.map((h) => ({ effectiveAt: h.at, doseMcgPerDay: h.dose, ...h.bolus })),
    proposedDoseMcgPerDay: g.proposed,
    proposedEffectiveAt: iso(NOW_MS + g.effectiveInHours * MS_PER_HOUR),
  }));

/** The reference dose B of the contract: current planning when > 0, else the last non-zero planning dose. */
function referenceDose(input: DoseChangeInput): number | null {
  const planning = (l: { doseMcgPerDay: number; bolusDoseMcg?: number | null; maxBolusesPerDay?: number | null }) =>
    l.doseMcgPerDay + (l.bolusDoseMcg != null && l.maxBolusesPerDay != null ? l.bolusDoseMcg * l.maxBolusesPerDay : 0);
  if (input.current && planning(input.current) > 0) return planning(input.current);
  if (input.lastNonZero && planning(input.lastNonZero) > 0) return planning(input.lastNonZero);
  return null;
}

describe('dose check v3 properties', () => {
  it('adding boluses to a proposal that is no decrease never turns a refusal into an acceptance', () => {
    fc.assert(
      fc.property(doseArb, fc.integer({ min: 0, max: 500 }), fc.integer({ min: 0, max: 12 }), (input, bolus, times) => {
        const b = referenceDose(input);
        fc.pre(b === null || (input.proposedDoseMcgPerDay as number) >= b);
        const without = checkDoseChange(input);
        const withBoluses = checkDoseChange({ ...input, proposedBolusDoseMcg: bolus, proposedMaxBolusesPerDay: times });
        if (!without.accepted) expect(withBoluses.accepted).toBe(false);
        // and every error of the plain proposal still holds with the boluses
        for (const code of without.errors) expect(withBoluses.errors).toContain(code);
      }),
      RUNS,
    );
  });

  it('a restart never escapes the restart rules, whatever the current 0 program and the reason', () => {
    fc.assert(
      fc.property(
        doseArb,
        bolusPair,
        positiveDose,
        hoursAgo,
        fc.option(longReason, { nil: undefined }),
        (input, currentBolus, proposed, since, reason) => {
          const stopped = {
            ...input,
            current: { doseMcgPerDay: 0, changedAt: since, ...currentBolus },
            proposedDoseMcgPerDay: proposed,
            override: reason === undefined ? undefined : { reason },
          };
          // no restart decision recorded: refused, not overridable
          const unrecorded = checkDoseChange({ ...stopped, interruption: { since, restartRecorded: false } });
          expect(unrecorded.accepted).toBe(false);
          expect(unrecorded.errors).toContain('RESTART_NOT_RECORDED');
          // recorded, after a long stop, above the restart fraction: needs a reason (in errors or overridden)
          const longAgo = iso(NOW_MS - 72 * MS_PER_HOUR);
          const recorded = checkDoseChange({
            ...stopped,
            proposedEffectiveAt: iso(NOW_MS),
            interruption: { since: longAgo, restartRecorded: true },
          });
          const b = referenceDose(stopped);
          if (b !== null && proposed > 0.5 * b + 1e-9) {
            expect([...recorded.errors, ...recorded.overridden]).toContain('RESTART_DOSE_NEEDS_REVIEW');
            if (reason === undefined) expect(recorded.accepted).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });

  it('a 10× decrease is always overridable with an 8+ character reason; a 10× increase never', () => {
    fc.assert(
      fc.property(
        doseArb,
        fc.double({ min: 10, max: 2500, noNaN: true }),
        // strictly below 1/10: current × 0.1 in binary floating point can land a hair above current ÷ 10
        fc.double({ min: 0.001, max: 0.0999, noNaN: true }),
        longReason,
        (input, current, fraction, reason) => {
          const base = { ...input, interruption: undefined, override: { reason } };
          const currentDose = { doseMcgPerDay: current, changedAt: iso(NOW_MS - MS_PER_HOUR) };
          const down = checkDoseChange({ ...base, current: currentDose, proposedDoseMcgPerDay: current * fraction });
          expect(down.accepted).toBe(true);
          expect(down.overridden).toContain('DOSE_UNIT_SUSPECT');
          const up = checkDoseChange({
            ...base,
            current: currentDose,
            proposedDoseMcgPerDay: (current / fraction) * 1.0001,
          });
          expect(up.accepted).toBe(false);
          expect(up.errors).toContain('DOSE_UNIT_SUSPECT');
        },
      ),
      RUNS,
    );
  });

  it('a reason shorter than minOverrideReasonChars never overrides anything', () => {
    fc.assert(
      fc.property(doseArb, fc.string({ maxLength: 12 }), fc.integer({ min: 8, max: 12 }), (input, reason, min) => {
        fc.pre(overrideReasonLength(reason) < min);
        const out = checkDoseChange({ ...input, override: { reason }, policy: { minOverrideReasonChars: min } });
        expect(out.overridden).toEqual([]);
        expect(out).toEqual(checkDoseChange({ ...input, policy: { minOverrideReasonChars: min } }));
      }),
      RUNS,
    );
  });
});

/** A valid status input: one or two programs, a refill up to capacity. */
const statusArb: fc.Arbitrary<StatusInput> = fc
  .record({
    capacity: fc.constantFrom(20, 40),
    fill: fc.double({ min: 0, max: 1, noNaN: true }),
    concentration: fc.constantFrom(500, 1000, 2000),
    dose: fc.integer({ min: 0, max: 1500 }),
    later: fc.option(fc.record({ days: fc.integer({ min: 1, max: 120 }), dose: fc.integer({ min: 0, max: 1500 }) }), {
      nil: null,
    }),
    sinceDays: fc.integer({ min: 0, max: 150 }),
    pumpFactor: fc.option(fc.double({ min: 1, max: 1.5, noNaN: true }), { nil: null }),
    highRisk: fc.boolean(),
  })
  .map((g) => {
    const refillMs = Date.UTC(2026, 0, 10, 10);
    return {
      kind: 'status' as const,
      now: iso(refillMs + g.sinceDays * MS_PER_DAY),
      timeZone: 'Europe/London',
      patient: { highRisk: g.highRisk },
      pump: { reservoirCapacityMl: g.capacity, worstCaseFactor: g.pumpFactor },
      lastRefill: {
        at: iso(refillMs),
        reservoirVolumeAfterMl: g.capacity * g.fill,
        concentrationMcgPerMl: g.concentration,
      },
      dosePrograms: [
        { effectiveAt: '2025-06-01T10:00:00Z', basalDoseMcgPerDay: g.dose },
        ...(g.later
          ? [{ effectiveAt: iso(refillMs + g.later.days * MS_PER_DAY), basalDoseMcgPerDay: g.later.dose }]
          : []),
      ],
    };
  });

describe('forecast and refill v3 properties', () => {
  it('a measured factor never moves the worst-case alarm, the worst-case empty time or the due date later', () => {
    fc.assert(
      fc.property(statusArb, fc.double({ min: 0.5, max: 2, noNaN: true }), (input, measuredRateFactor) => {
        const base = computeStatus(input);
        const measured = computeStatus({ ...input, lastRefill: { ...input.lastRefill, measuredRateFactor } });
        const notLater = (a: string | null, b: string | null) => {
          if (b === null) return;
          expect(a).not.toBeNull();
          expect(Date.parse(a!)).toBeLessThanOrEqual(Date.parse(b));
        };
        notLater(measured.worstCaseLowReservoirAlarmAt, base.worstCaseLowReservoirAlarmAt);
        notLater(measured.worstCaseEmptyAt, base.worstCaseEmptyAt);
        expect(measured.refillDueDate <= base.refillDueDate).toBe(true);
        expect(measured.worstCaseFactor).toBeGreaterThanOrEqual(base.worstCaseFactor);
        expect(measured.lowReservoirAlarmAt).toBe(base.lowReservoirAlarmAt);
      }),
      RUNS,
    );
  });

  it('status and refill refuse an overfilled reservoir; a refill refuses a residual above capacity', () => {
    fc.assert(
      fc.property(statusArb, fc.double({ min: 1e-6, max: 20, noNaN: true }), (input, excessMl) => {
        const capacity = input.pump.reservoirCapacityMl;
        const overfilled = { ...input.lastRefill, reservoirVolumeAfterMl: capacity + excessMl };
        for (const run of [
          () => computeStatus({ ...input, lastRefill: overfilled }),
          () =>
            checkRefill({
              ...input,
              kind: 'refill',
              lastRefill: overfilled,
              refill: { at: input.now, actualResidualMl: 1, volumeAddedMl: 10, concentrationMcgPerMl: 1000 },
            }),
        ]) {
          let code: string | null = null;
          try {
            run();
          } catch (e) {
            code = isEngineError(e) ? e.code : 'OTHER';
          }
          expect(code).toBe('INVALID_INPUT');
        }
        const residual = checkRefill({
          ...input,
          kind: 'refill',
          refill: {
            at: input.now,
            actualResidualMl: capacity + excessMl,
            volumeAddedMl: 10,
            concentrationMcgPerMl: 1000,
          },
        });
        expect(residual.errors).toContain('RESIDUAL_EXCEEDS_CAPACITY');
        expect(residual.measuredRateFactor).toBeNull();
      }),
      RUNS,
    );
  });
});
