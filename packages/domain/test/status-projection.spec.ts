import fc from 'fast-check';
import {
  computeStatus,
  MS_PER_DAY,
  reservoirNowMl,
  statusFromModel,
  statusProjection,
  validateStatusInput,
  type StatusInput,
} from '../src';
import { statusInput } from './helpers';

const iso = (ms: number) => new Date(ms).toISOString();
const REFILL_MS = Date.parse('2026-02-01T10:00:00Z');

/**
 * A pump's status input at `nowDays` after its refill: changes of program before and after now, high-risk or not,
 * an appointment or none, in zones with and without daylight saving.
 */
const pumpArb = fc.record({
  timeZone: fc.constantFrom('UTC', 'Europe/London', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kolkata'),
  highRisk: fc.boolean(),
  volumeMl: fc.double({ min: 0, max: 40, noNaN: true }),
  concentration: fc.constantFrom(50, 500, 2000),
  factor: fc.option(fc.double({ min: 1, max: 1.5, noNaN: true }), { nil: undefined }),
  programs: fc.array(
    fc.record({
      offsetDays: fc.integer({ min: -100, max: 300 }),
      dose: fc.double({ min: 0, max: 2000, noNaN: true }),
    }),
    { maxLength: 4 },
  ),
  appointmentDays: fc.option(fc.integer({ min: -10, max: 300 }), { nil: null }),
});

type Pump = typeof pumpArb extends fc.Arbitrary<infer T> ? T : never;

function inputAt(p: Pump, nowDays: number): StatusInput {
  return statusInput({
    now: iso(REFILL_MS + nowDays * MS_PER_DAY),
    timeZone: p.timeZone,
    patient: { highRisk: p.highRisk },
    pump: { reservoirCapacityMl: 40, lowReservoirAlarmMl: 2, worstCaseFactor: p.factor },
    lastRefill: { at: iso(REFILL_MS), reservoirVolumeAfterMl: p.volumeMl, concentrationMcgPerMl: p.concentration },
    dosePrograms: [
      { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
      ...p.programs.map((q) => ({
        effectiveAt: iso(REFILL_MS + q.offsetDays * MS_PER_DAY),
        basalDoseMcgPerDay: q.dose,
      })),
    ],
    appointmentAt: p.appointmentDays === null ? null : iso(REFILL_MS + p.appointmentDays * MS_PER_DAY),
  });
}

/**
 * The API keeps one validated model per pump and computes the now-independent projection once, then asks for the
 * status (or only the reservoir volume) at each request's `now`: the answers must be the engine's own at that now.
 */
describe('status projection kept across instants', () => {
  it('gives, at any later now, the status computeStatus gives there', () => {
    fc.assert(
      fc.property(
        pumpArb,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 400 }),
        (p, firstDays, later) => {
          const model = validateStatusInput(inputAt(p, firstDays));
          const projection = statusProjection(model);
          const nowDays = firstDays + later;
          model.nowMs = REFILL_MS + nowDays * MS_PER_DAY; // as the API reuses its cached model
          const expected = computeStatus(inputAt(p, nowDays));
          expect(statusFromModel(model, projection)).toEqual(expected);
          expect(reservoirNowMl(model, projection)).toBe(expected.reservoirNowMl);
          expect(projection).toMatchObject({
            lowReservoirAlarmAt: expected.lowReservoirAlarmAt,
            worstCaseLowReservoirAlarmAt: expected.worstCaseLowReservoirAlarmAt,
            projectedEmptyAt: expected.projectedEmptyAt,
            worstCaseEmptyAt: expected.worstCaseEmptyAt,
            due: { refillDueDate: expected.refillDueDate, refillDueReason: expected.refillDueReason },
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
