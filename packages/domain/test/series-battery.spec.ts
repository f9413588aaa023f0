import { batteryStopDate, deviceAlarms, isBatteryEriSoon, isMriCheckDue, reservoirSeries } from '../src';
import { statusInput } from './helpers';

describe('reservoir series', () => {
  it('has points at lastRefill.at, each program change and the empty instant', () => {
    const input = statusInput({
      dosePrograms: [
        { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
        { effectiveAt: '2026-02-11T10:00:00Z', basalDoseMcgPerDay: 400 },
      ],
    });
    const series = reservoirSeries(input);
    expect(series.alarmLevelMl).toBe(2);
    expect(series.nominal).toEqual([
      { at: '2026-02-01T10:00:00Z', reservoirMl: 40 },
      { at: '2026-02-11T10:00:00Z', reservoirMl: 36 },
      { at: '2026-03-28T10:00:00Z', reservoirMl: 0 },
    ]);
    expect(series.projectedEmptyAt).toBe('2026-03-28T10:00:00Z');
    expect(series.worstCase[0]).toEqual({ at: '2026-02-01T10:00:00Z', reservoirMl: 40 });
    expect(series.worstCase[1]).toEqual({ at: '2026-02-11T10:00:00Z', reservoirMl: 35.42 });
    expect(series.worstCase[2]).toEqual({ at: series.worstCaseEmptyAt, reservoirMl: 0 });
  });

  it('leaves out program changes after the empty instant and ends at endAt when never empty', () => {
    const late = reservoirSeries(
      statusInput({
        dosePrograms: [
          { effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 200 },
          { effectiveAt: '2027-01-01T00:00:00Z', basalDoseMcgPerDay: 100 },
        ],
      }),
    );
    expect(late.nominal.map((p) => p.at)).toEqual(['2026-02-01T10:00:00Z', '2026-05-12T10:00:00Z']);
    const zero = reservoirSeries(
      statusInput({ dosePrograms: [{ effectiveAt: '2025-12-01T10:00:00Z', basalDoseMcgPerDay: 0 }] }),
      {
        endAt: '2026-03-01T00:00:00Z',
      },
    );
    expect(zero.nominal).toEqual([
      { at: '2026-02-01T10:00:00Z', reservoirMl: 40 },
      { at: '2026-03-01T00:00:00Z', reservoirMl: 40 },
    ]);
    expect(zero.projectedEmptyAt).toBeNull();
  });
});

describe('battery and MRI rules', () => {
  const facts = { now: '2026-03-01T09:00:00Z', timeZone: 'Europe/London' };

  it('flags an expected battery end within 180 days (inclusive) or already past', () => {
    expect(isBatteryEriSoon({ ...facts, expectedBatteryEndAt: '2026-08-28T12:00:00Z' })).toBe(true);
    expect(isBatteryEriSoon({ ...facts, expectedBatteryEndAt: '2026-08-29T12:00:00Z' })).toBe(false);
    expect(isBatteryEriSoon({ ...facts, expectedBatteryEndAt: '2025-01-01T00:00:00Z' })).toBe(true);
  });

  it('flags a SynchroMed older than 6.5 years, not a Prometra', () => {
    const implantedAt = '2019-09-01T09:00:00Z';
    expect(isBatteryEriSoon({ ...facts, pumpModel: 'SYNCHROMED_II', implantedAt })).toBe(false);
    expect(isBatteryEriSoon({ ...facts, now: '2026-03-01T09:00:01Z', pumpModel: 'SYNCHROMED_II', implantedAt })).toBe(
      true,
    );
    expect(isBatteryEriSoon({ ...facts, now: '2026-03-01T09:00:01Z', pumpModel: 'SYNCHROMED_III', implantedAt })).toBe(
      true,
    );
    expect(isBatteryEriSoon({ ...facts, now: '2026-03-01T09:00:01Z', pumpModel: 'PROMETRA_II', implantedAt })).toBe(
      false,
    );
  });

  it('puts the stop date 90 calendar days after the local ERI date', () => {
    expect(batteryStopDate('2026-03-01T23:30:00Z', 'Australia/Sydney')).toBe('2026-05-31');
    expect(batteryStopDate('2026-03-01T23:30:00Z', 'America/New_York')).toBe('2026-05-30');
  });

  it('needs an interrogation strictly after the latest MRI', () => {
    expect(isMriCheckDue([], [])).toBe(false);
    expect(isMriCheckDue(['2026-02-01T10:00:00Z'], [])).toBe(true);
    expect(isMriCheckDue(['2026-02-01T10:00:00Z'], ['2026-02-01T10:00:00Z'])).toBe(true);
    expect(isMriCheckDue(['2026-02-01T10:00:00Z'], ['2026-02-01T11:00:00Z'])).toBe(false);
    expect(isMriCheckDue(['2026-02-01T10:00:00Z', '2026-02-20T10:00:00Z'], ['2026-02-01T11:00:00Z'])).toBe(true);
  });

  it('builds sorted device alarms with high-risk escalation capped at critical', () => {
    const all = {
      ...facts,
      expectedBatteryEndAt: '2026-04-01T00:00:00Z',
      eriRecordedAt: '2026-02-15T00:00:00Z',
      mriAt: ['2026-02-01T10:00:00Z'],
    };
    expect(deviceAlarms(all)).toEqual([
      { code: 'BATTERY_ERI_REACHED', priority: 'critical' },
      { code: 'MRI_CHECK_DUE', priority: 'critical' },
      { code: 'BATTERY_ERI_SOON', priority: 'medium' },
    ]);
    expect(deviceAlarms({ ...all, highRisk: true })).toEqual([
      { code: 'BATTERY_ERI_REACHED', priority: 'critical' },
      { code: 'MRI_CHECK_DUE', priority: 'critical' },
      { code: 'BATTERY_ERI_SOON', priority: 'high' },
    ]);
    expect(deviceAlarms(facts)).toEqual([]);
  });
});
