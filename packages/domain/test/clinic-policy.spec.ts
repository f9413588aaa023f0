import {
  ALARM_POLICY_BOUNDS,
  checkClinicPolicy,
  CLINIC_POLICY_FIELDS,
  DEFAULT_ALARM_POLICY,
  DEFAULT_POLICY,
  maxSnoozeHoursFor,
  readAlarmPolicy,
  resolveAlarmPolicy,
} from '../src';

describe('readAlarmPolicy: the lifecycle policy in force, and what was wrong with the stored one', () => {
  it('reads absent settings (saved before the field existed) as the defaults, with no problem', () => {
    for (const stored of [undefined, null, {}, { bufferDays: 7 }]) {
      expect(readAlarmPolicy(stored)).toEqual({ policy: DEFAULT_ALARM_POLICY, problems: [] });
    }
  });

  it('keeps every value within its bounds as it is', () => {
    const stored = {
      escalateCriticalMinutes: 5,
      escalateHighMinutes: 60,
      maxSnoozeHours: 12,
      maxCriticalSnoozeHours: 0.5,
      unverifiedLookbackDays: 90,
    };
    expect(readAlarmPolicy(stored)).toEqual({ policy: stored, problems: [] });
  });

  it('reads a value outside its bounds as the nearest bound, and says so', () => {
    const { policy, problems } = readAlarmPolicy({
      escalateCriticalMinutes: 0,
      escalateHighMinutes: 10_000,
      maxSnoozeHours: 100,
      unverifiedLookbackDays: -1,
    });
    expect(policy).toEqual({
      escalateCriticalMinutes: 1,
      escalateHighMinutes: 720,
      maxSnoozeHours: 48,
      maxCriticalSnoozeHours: 4,
      unverifiedLookbackDays: 1,
    });
    expect(problems.map((p) => [p.field, p.code, p.used])).toEqual([
      ['escalateCriticalMinutes', 'POLICY_VALUE_OUT_OF_BOUNDS', 1],
      ['escalateHighMinutes', 'POLICY_VALUE_OUT_OF_BOUNDS', 720],
      ['maxSnoozeHours', 'POLICY_VALUE_OUT_OF_BOUNDS', 48],
      ['unverifiedLookbackDays', 'POLICY_VALUE_OUT_OF_BOUNDS', 1],
    ]);
    expect(problems[0]!.problem).toBe(
      'must be a whole number, at least 1 and at most 60 (a critical alarm nobody acknowledges reaches the next ' +
        'level within the hour)',
    );
  });

  it('rounds a fraction of a whole-unit setting the safer way: escalation sooner, look-back longer', () => {
    const { policy, problems } = readAlarmPolicy({ escalateCriticalMinutes: 14.9, unverifiedLookbackDays: 1.5 });
    expect(policy).toMatchObject({ escalateCriticalMinutes: 14, unverifiedLookbackDays: 2 });
    expect(problems.map((p) => p.field)).toEqual(['escalateCriticalMinutes', 'unverifiedLookbackDays']);
  });

  it('reads a value with no size (text, NaN, null) as the default, and says so', () => {
    const { policy, problems } = readAlarmPolicy({
      maxCriticalSnoozeHours: '2',
      maxSnoozeHours: Number.NaN,
      escalateHighMinutes: null,
    });
    expect(policy).toEqual(DEFAULT_ALARM_POLICY);
    expect(problems.map((p) => [p.field, p.used])).toEqual([
      ['escalateHighMinutes', 240],
      ['maxSnoozeHours', 24],
      ['maxCriticalSnoozeHours', 4],
    ]);
  });

  it('never lets a critical alarm stay snoozed longer than any other alarm', () => {
    const { policy, problems } = readAlarmPolicy({ maxSnoozeHours: 2, maxCriticalSnoozeHours: 4 });
    expect(policy).toMatchObject({ maxSnoozeHours: 2, maxCriticalSnoozeHours: 2 });
    expect(problems).toEqual([
      {
        field: 'maxCriticalSnoozeHours',
        code: 'POLICY_VALUES_INCONSISTENT',
        problem: 'must be at most maxSnoozeHours (2): a critical alarm comes back sooner',
        used: 2,
      },
    ]);
  });

  it('resolveAlarmPolicy is the policy readAlarmPolicy reads (the defaults are within the bounds)', () => {
    expect(resolveAlarmPolicy({ escalateCriticalMinutes: 90, x: 1 })).toEqual({
      ...DEFAULT_ALARM_POLICY,
      escalateCriticalMinutes: 60,
    });
    for (const [field, bound] of Object.entries(ALARM_POLICY_BOUNDS)) {
      const v = DEFAULT_ALARM_POLICY[field as keyof typeof DEFAULT_ALARM_POLICY];
      expect(v >= bound.min && v <= bound.max).toBe(true);
    }
  });
});

describe('maxSnoozeHoursFor: how long an alarm may be snoozed', () => {
  it('is the critical limit for a critical alarm and the ordinary one for every other', () => {
    const policy = { ...DEFAULT_ALARM_POLICY, maxSnoozeHours: 12, maxCriticalSnoozeHours: 2 };
    expect(maxSnoozeHoursFor('critical', policy)).toBe(2);
    for (const priority of ['high', 'medium', 'low'] as const) expect(maxSnoozeHoursFor(priority, policy)).toBe(12);
    expect(maxSnoozeHoursFor('critical', DEFAULT_ALARM_POLICY)).toBe(4);
    expect(maxSnoozeHoursFor('medium', DEFAULT_ALARM_POLICY)).toBe(24);
  });
});

describe('checkClinicPolicy: what an admin may save', () => {
  it('keeps the whole policy (engine and lifecycle) when every value is safe', () => {
    const { policy, refusals } = checkClinicPolicy(
      { bufferDays: 10, escalateHighMinutes: 120 },
      { escalateCriticalMinutes: 10, maxSnoozeHours: 12 },
    );
    expect(refusals).toEqual([]);
    expect(policy).toEqual({
      ...DEFAULT_POLICY,
      ...DEFAULT_ALARM_POLICY,
      bufferDays: 10,
      escalateHighMinutes: 120,
      escalateCriticalMinutes: 10,
      maxSnoozeHours: 12,
    });
    expect(Object.keys(policy).sort()).toEqual([...CLINIC_POLICY_FIELDS].sort());
  });

  it('refuses an unknown setting, an unsafe engine value, an unsafe lifecycle value and broken relations', () => {
    const { refusals } = checkClinicPolicy(
      {},
      {
        noSuchSetting: 1,
        maxSnoozeHours: -1,
        unverifiedLookbackDays: 1.5,
        unitErrorFactor: 100,
        highRiskBufferDays: 3,
      },
    );
    expect(refusals.map((r) => [r.field, r.code])).toEqual([
      ['noSuchSetting', 'POLICY_SETTING_UNKNOWN'],
      ['maxSnoozeHours', 'POLICY_VALUE_OUT_OF_BOUNDS'],
      ['unverifiedLookbackDays', 'POLICY_VALUE_OUT_OF_BOUNDS'],
      ['unitErrorFactor', 'POLICY_VALUE_OUT_OF_BOUNDS'],
      ['highRiskBufferDays', 'POLICY_VALUES_INCONSISTENT'],
    ]);
    expect(refusals[0]!.reason).toBe('is not a policy setting');
    expect(refusals[2]!.reason).toMatch(/^must be a whole number, at least 1 and at most 365/);
  });

  it('checks the stored values too, but leaves behind a field an older version stored and this one does not know', () => {
    expect(checkClinicPolicy({ retiredSetting: 3 }, { bufferDays: 10 }).refusals).toEqual([]);
    expect(checkClinicPolicy({ retiredSetting: 3 }, {}).policy).not.toHaveProperty('retiredSetting');
    expect(checkClinicPolicy({ escalateCriticalMinutes: 500 }, { bufferDays: 10 }).refusals).toEqual([
      expect.objectContaining({ field: 'escalateCriticalMinutes', code: 'POLICY_VALUE_OUT_OF_BOUNDS' }),
    ]);
  });
});
