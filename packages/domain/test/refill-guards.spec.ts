import { refillGuardRefusals, type RefillGuardArgs } from '../src';

const changed = (extra: Partial<RefillGuardArgs> = {}): RefillGuardArgs => ({
  warnings: ['CONCENTRATION_CHANGED'],
  discrepancy: 'NONE',
  initialFill: false,
  ...extra,
});

describe('refillGuardRefusals: confirmations a refill needs', () => {
  it('lets an ordinary refill through', () => {
    expect(refillGuardRefusals({ warnings: [], discrepancy: 'NONE', initialFill: false })).toEqual([]);
  });

  it('refuses a concentration change without a bridge bolus above 0 mcg', () => {
    for (const bridgeBolusMcg of [undefined, null, 0, -5, Number.NaN]) {
      expect(refillGuardRefusals(changed({ bridgeBolusMcg, concentrationChangeConfirmed: true }))).toEqual([
        'BRIDGE_BOLUS_MISSING',
      ]);
    }
  });

  it('refuses a concentration change with a bridge bolus until the nurse confirms it', () => {
    for (const concentrationChangeConfirmed of [undefined, null, false]) {
      expect(refillGuardRefusals(changed({ bridgeBolusMcg: 50, concentrationChangeConfirmed }))).toEqual([
        'CONCENTRATION_CHANGE_UNCONFIRMED',
      ]);
    }
    expect(refillGuardRefusals(changed({ bridgeBolusMcg: 50, concentrationChangeConfirmed: true }))).toEqual([]);
  });

  it('asks for no bridge bolus when the concentration is unchanged', () => {
    expect(refillGuardRefusals({ warnings: ['OTHER'], discrepancy: 'NONE', initialFill: false })).toEqual([]);
  });

  it('holds a refill with a discrepancy until it is acknowledged', () => {
    for (const discrepancy of ['SUSPECTED_OVER_INFUSION', 'SUSPECTED_UNDER_INFUSION']) {
      const args = { warnings: [], discrepancy, initialFill: false };
      expect(refillGuardRefusals(args)).toEqual(['DISCREPANCY_NOT_ACKNOWLEDGED']);
      expect(refillGuardRefusals({ ...args, discrepancyAcknowledged: false })).toEqual([
        'DISCREPANCY_NOT_ACKNOWLEDGED',
      ]);
      expect(refillGuardRefusals({ ...args, discrepancyAcknowledged: true })).toEqual([]);
    }
  });

  it('never holds a first fill for a discrepancy (nothing to compare with)', () => {
    expect(refillGuardRefusals({ warnings: [], discrepancy: 'SUSPECTED_OVER_INFUSION', initialFill: true })).toEqual(
      [],
    );
  });

  it('lists every failing guard, the concentration change first (bolus, then its confirmation)', () => {
    expect(refillGuardRefusals(changed({ discrepancy: 'SUSPECTED_UNDER_INFUSION' }))).toEqual([
      'BRIDGE_BOLUS_MISSING',
      'CONCENTRATION_CHANGE_UNCONFIRMED',
      'DISCREPANCY_NOT_ACKNOWLEDGED',
    ]);
    expect(refillGuardRefusals(changed({ bridgeBolusMcg: 0, concentrationChangeConfirmed: false }))).toEqual([
      'BRIDGE_BOLUS_MISSING',
      'CONCENTRATION_CHANGE_UNCONFIRMED',
    ]);
  });
});
