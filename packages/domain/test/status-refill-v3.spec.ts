/** The clinician's refill and forecast findings of issue 14 (docs/clinical/DOSE-AND-REFILL-RULES.md §10–§12). */
import { checkRefill, computeStatus, type RefillInput, type StatusInput } from '../src';
import { expectCode, refillInput, statusInput } from './helpers';

const lastRefill = (extra: Partial<StatusInput['lastRefill']>) => ({
  ...statusInput().lastRefill,
  ...extra,
});

describe('finding 4: a measured over-infusion moves the forecast earlier', () => {
  const base = computeStatus(statusInput());
  const measured = computeStatus(statusInput({ lastRefill: lastRefill({ measuredRateFactor: 1.3 }) }));

  it('the worst case runs at the measured rate: its alarm and the due date come earlier', () => {
    expect(base.worstCaseFactor).toBe(1.145);
    expect(measured.worstCaseFactor).toBe(1.3);
    expect(Date.parse(measured.worstCaseLowReservoirAlarmAt!)).toBeLessThan(
      Date.parse(base.worstCaseLowReservoirAlarmAt!),
    );
    expect(Date.parse(measured.worstCaseEmptyAt!)).toBeLessThan(Date.parse(base.worstCaseEmptyAt!));
    expect(measured.refillDueDate < base.refillDueDate).toBe(true);
    // the nominal projection (the pump's own alarm) is what it was: that is why the worst case must move
    expect(measured.lowReservoirAlarmAt).toBe(base.lowReservoirAlarmAt);
  });

  it('a measured factor below the pump or policy factor changes nothing', () => {
    expect(computeStatus(statusInput({ lastRefill: lastRefill({ measuredRateFactor: 1.1 }) }))).toEqual(base);
    expect(computeStatus(statusInput({ lastRefill: lastRefill({ measuredRateFactor: null }) }))).toEqual(base);
    const pump = { reservoirCapacityMl: 40, worstCaseFactor: 1.25 };
    expect(
      computeStatus(statusInput({ pump, lastRefill: lastRefill({ measuredRateFactor: 1.2 }) })).worstCaseFactor,
    ).toBe(1.25);
    expect(
      computeStatus(statusInput({ pump, lastRefill: lastRefill({ measuredRateFactor: 1.23456 }) })).worstCaseFactor,
    ).toBe(1.25);
    expect(
      computeStatus(statusInput({ lastRefill: lastRefill({ measuredRateFactor: 1.23456 }) })).worstCaseFactor,
    ).toBe(1.2346);
  });

  it('a factor that is not a positive number cannot be evaluated', () => {
    for (const measuredRateFactor of [0, -1.2, '1.3']) {
      expectCode(
        () => computeStatus(statusInput({ lastRefill: lastRefill({ measuredRateFactor } as object) })),
        'INVALID_INPUT',
      );
    }
  });
});

describe('finding 7: refills that must stop', () => {
  const check = (overrides: Partial<RefillInput> = {}, refill: Partial<RefillInput['refill']> = {}) =>
    checkRefill(refillInput(overrides, refill));

  it('a residual above the pump capacity is refused, and gives no measured factor', () => {
    const out = check({}, { actualResidualMl: 40.5 });
    expect(out.errors).toEqual(['RESIDUAL_EXCEEDS_CAPACITY']);
    expect(out.measuredRateFactor).toBeNull();
    expect(check({}, { actualResidualMl: 40 }).errors).toEqual([]);
  });

  it('an aspiration without a fill is not a refill', () => {
    expect(check({}, { volumeAddedMl: 0 }).errors).toEqual(['NO_VOLUME_ADDED']);
  });

  it('measures how fast the pump ran: delivered ÷ expected', () => {
    // 40 mL after the last refill, 4 mL expected to go; 5 mL went
    expect(check({}, { actualResidualMl: 35 }).measuredRateFactor).toBe(1.25);
    expect(check({}, { actualResidualMl: 37 }).measuredRateFactor).toBe(0.75);
    // nothing expected to be delivered: no factor
    expect(check({}, { at: '2026-02-01T10:00:00Z', actualResidualMl: 40 }).measuredRateFactor).toBeNull();
  });

  it("the discrepancy threshold keeps the pump's accuracy, not a measured factor", () => {
    const measured = { lastRefill: { ...refillInput().lastRefill, measuredRateFactor: 1.6 } };
    expect(check(measured, { actualResidualMl: 35.5 })).toEqual(check({}, { actualResidualMl: 35.5 }));
  });

  it('an overfilled reservoir is never projected (status and refill)', () => {
    const overfilled = { ...refillInput().lastRefill, reservoirVolumeAfterMl: 40.01 };
    expectCode(() => computeStatus(statusInput({ lastRefill: overfilled })), 'INVALID_INPUT');
    expectCode(() => check({ lastRefill: overfilled }), 'INVALID_INPUT');
    expect(
      computeStatus(statusInput({ lastRefill: { ...overfilled, reservoirVolumeAfterMl: 40 } })).reservoirNowMl,
    ).toBe(28.82);
  });
});
