import type { DoseProgramDto, PatientDto, PumpDto, RefillDto } from '@pumpwatch/contracts';
import { computeStatus, localDate, type StatusInput } from '@pumpwatch/domain';
import { DataSource } from 'typeorm';
import { AlarmEntity } from '../src/modules/alarms/alarm.entity';
import { DoseProgramEntity } from '../src/modules/dose-programs/dose-program.entity';
import { RefillEntity } from '../src/modules/refills/refill.entity';
import type { QualityMetricsDto } from '@pumpwatch/contracts';
import { useDemoApp } from './support/suite';
import type { TestApp } from './support/test-app';

const DAY_MS = 86_400_000;
const MODEL = {
  'SynchroMed II': 'SYNCHROMED_II',
  'SynchroMed III': 'SYNCHROMED_III',
  'Prometra II': 'PROMETRA_II',
  Other: 'OTHER',
} as const;

describe('quality metrics', () => {
  let t: TestApp;
  const NOW = '2026-03-02T10:00:00Z';

  const { as } = useDemoApp({ at: NOW }, (app) => (t = app));

  it('matches, over the seeded clinic, a per-pump replay of the engine from each previous refill', async () => {
    const res = await t.http.get('/api/metrics/quality').set(as('staff')).expect(200);
    const m = res.body as QualityMetricsDto;
    expect(m).toMatchObject({ from: '2025-03-02', to: '2026-03-02', timeZone: 'Europe/London' });

    const start = Date.parse('2025-03-02T00:00:00Z'); // London is on GMT in early March
    const end = Date.parse('2026-03-03T00:00:00Z');
    const patients = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body
      .items as PatientDto[];
    let total = 0;
    let initial = 0;
    let discrepancies = 0;
    const onTime: boolean[] = [];
    const beforeAlarm: boolean[] = [];
    const margins: number[] = [];
    for (const p of patients) {
      const detail = (await t.http.get(`/api/patients/${p.id}`).set(as('nurse')).expect(200)).body as PatientDto & {
        pumps: PumpDto[];
      };
      for (const pump of detail.pumps) {
        const refills = (
          (await t.http.get(`/api/pumps/${pump.id}/refills`).set(as('nurse')).expect(200)).body as RefillDto[]
        ).reverse();
        const programs = (await t.http.get(`/api/pumps/${pump.id}/dose-programs`).set(as('nurse')).expect(200))
          .body as DoseProgramDto[];
        refills.forEach((r, i) => {
          const at = Date.parse(r.at);
          if (at < start || at >= end) return;
          total++;
          const prev = refills[i - 1];
          if (!prev) return void initial++;
          if (r.discrepancy !== 'NONE') discrepancies++;
          const input: StatusInput = {
            kind: 'status',
            now: prev.at,
            timeZone: 'Europe/London',
            patient: { highRisk: detail.highRisk },
            pump: {
              reservoirCapacityMl: pump.reservoirCapacityMl,
              lowReservoirAlarmMl: pump.lowReservoirAlarmMl,
              worstCaseFactor: pump.worstCaseFactor ?? null,
              model: MODEL[pump.model],
            },
            lastRefill: {
              at: prev.at,
              reservoirVolumeAfterMl: prev.volumeAddedMl,
              concentrationMcgPerMl: prev.concentrationMcgPerMl,
              beyondUseDays: prev.beyondUseDays,
            },
            dosePrograms: programs
              .filter((d) => Date.parse(d.effectiveAt) <= at)
              .sort((a, b) => a.effectiveAt.localeCompare(b.effectiveAt) || a.createdAt.localeCompare(b.createdAt))
              .map((d) => ({
                effectiveAt: d.effectiveAt,
                ...(d.flexSteps ? { flexSteps: d.flexSteps } : { basalDoseMcgPerDay: d.basalDoseMcgPerDay! }),
                bolusDoseMcg: d.bolusDoseMcg,
                maxBolusesPerDay: d.maxBolusesPerDay,
              })),
          };
          const s = computeStatus(input);
          onTime.push(localDate(at, 'Europe/London') <= s.refillDueDate);
          const alarm = Date.parse(s.lowReservoirAlarmAt!);
          beforeAlarm.push(at < alarm);
          margins.push((alarm - at) / DAY_MS);
        });
      }
    }
    const pct = (xs: boolean[]) => Math.round((xs.filter(Boolean).length / xs.length) * 1000) / 10;
    margins.sort((a, b) => a - b);
    const mid = margins.length / 2;
    const med = margins.length % 2 ? margins[Math.floor(mid)]! : (margins[mid - 1]! + margins[mid]!) / 2;

    expect(total).toBeGreaterThanOrEqual(30);
    expect(m.refills).toEqual({
      total,
      initialFills: initial,
      assessed: onTime.length,
      onOrBeforeDueDate: onTime.filter(Boolean).length,
      onOrBeforeDueDatePct: pct(onTime),
      beforeAlarm: beforeAlarm.filter(Boolean).length,
      beforeAlarmPct: pct(beforeAlarm),
      medianMarginDays: Math.round(med * 10) / 10,
      discrepancies,
      discrepancyRatePct: Math.round((discrepancies / (total - initial)) * 1000) / 10,
    });
    // the demo has a flagged last refill (DEMO-009)
    expect(discrepancies).toBeGreaterThan(0);
    expect(m.refillsByMonth.reduce((n, x) => n + x.assessed, 0)).toBe(onTime.length);
    // the seed raised the demo alarms "now": all counted in the current month
    const alarmCount = (await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM alarms`))[0].n as number;
    expect(m.alarmsByCodePerMonth.reduce((n, x) => n + x.count, 0)).toBe(alarmCount);
    expect(new Set(m.alarmsByCodePerMonth.map((x) => x.month))).toEqual(new Set(['2026-03']));
  });

  it('computes exact numbers for a known pump history, by clinic-local month (BST boundary)', async () => {
    const ds = t.app.get(DataSource);
    const [{ id: nurseId }] = await ds.query(`SELECT id FROM users WHERE role = 'nurse' LIMIT 1`);
    const patient = await t.http
      .post('/api/patients')
      .set(as('nurse'))
      .send({
        mrn: 'QM-1',
        givenName: 'Quality',
        familyName: 'Metric',
        birthDate: '1970-01-01',
        spasticityOrigin: 'spinal',
        riskFactors: [],
      })
      .expect(201);
    const pump = await t.http
      .post(`/api/patients/${patient.body.id}/pumps`)
      .set(as('physician'))
      .send({
        model: 'SynchroMed II',
        serialNumber: 'QM-SN-1',
        reservoirCapacityMl: 20,
        implantedAt: '2023-06-01T10:00:00Z',
      })
      .expect(201);
    const pumpId = pump.body.id as string;
    const day0 = Date.parse('2024-01-10T10:00:00Z');
    const day = (n: number) => new Date(day0 + n * DAY_MS);
    // 300 mcg/day at 1000 mcg/mL = 0.3 mL/day; 20 mL fill, 2 mL alarm → nominal alarm 60 days after each fill;
    // due date = worst-case alarm (18 / 0.3435 = 52.4 d) − 1 day = day 51 after the fill
    await ds.getRepository(DoseProgramEntity).save({
      pumpId,
      effectiveAt: day(-1),
      basalDoseMcgPerDay: 300,
      programmedDoseMcgPerDay: 300,
      createdBy: nurseId,
      verifiedBy: nurseId,
      verifiedAt: day(-1),
    });
    const refill = (n: number, discrepancy: 'NONE' | 'SUSPECTED_UNDER_DELIVERY' = 'NONE') =>
      ds.getRepository(RefillEntity).save({
        pumpId,
        at: day(n),
        actualResidualMl: 3,
        volumeAddedMl: 20,
        concentrationMcgPerMl: 1000,
        programmedConcentrationMcgPerMl: 1000,
        needlePositionConfirmed: true,
        discrepancy,
        initialFill: n === 0,
        recordedBy: nurseId,
      });
    await refill(0); // initial fill
    await refill(50); // due day 51: on time, 10 days before the alarm
    await refill(105, 'SUSPECTED_UNDER_DELIVERY'); // due day 101: late, 5 days before the alarm (day 110)
    await refill(167); // due day 156: late, 2 days after the alarm (day 165)

    const alarm = (code: string, priority: string, raisedAt: string, ackMinutes: number | null) =>
      ds.getRepository(AlarmEntity).save({
        pumpId,
        patientId: patient.body.id,
        code,
        priority,
        status: 'resolved',
        raisedAt: new Date(raisedAt),
        acknowledgedAt: ackMinutes === null ? null : new Date(Date.parse(raisedAt) + ackMinutes * 60_000),
        acknowledgedBy: ackMinutes === null ? null : nurseId,
        resolvedAt: new Date(Date.parse(raisedAt) + DAY_MS),
      } as Partial<AlarmEntity>);
    await alarm('LOW_RESERVOIR', 'critical', '2024-03-05T10:00:00Z', 30);
    await alarm('REFILL_NOT_BOOKED', 'low', '2024-03-20T10:00:00Z', 90);
    // 23:30 UTC on 31 March 2024 is 00:30 BST on 1 April: an April alarm in the clinic
    await alarm('REFILL_NOT_BOOKED', 'medium', '2024-03-31T23:30:00Z', null);

    const m = (await t.http.get('/api/metrics/quality?from=2024-01-01&to=2024-12-31').set(as('nurse')).expect(200))
      .body as QualityMetricsDto;
    expect(m.refills).toEqual({
      total: 4,
      initialFills: 1,
      assessed: 3,
      onOrBeforeDueDate: 1,
      onOrBeforeDueDatePct: 33.3,
      beforeAlarm: 2,
      beforeAlarmPct: 66.7,
      medianMarginDays: 5,
      discrepancies: 1,
      discrepancyRatePct: 33.3,
    });
    expect(m.refillsByMonth).toEqual([
      { month: '2024-02', assessed: 1, onOrBeforeDueDatePct: 100, beforeAlarmPct: 100, medianMarginDays: 10 },
      { month: '2024-04', assessed: 1, onOrBeforeDueDatePct: 0, beforeAlarmPct: 100, medianMarginDays: 5 },
      { month: '2024-06', assessed: 1, onOrBeforeDueDatePct: 0, beforeAlarmPct: 0, medianMarginDays: -2 },
    ]);
    expect(m.alarmsByCodePerMonth).toEqual([
      { month: '2024-03', code: 'LOW_RESERVOIR', count: 1 },
      { month: '2024-03', code: 'REFILL_NOT_BOOKED', count: 1 },
      { month: '2024-04', code: 'REFILL_NOT_BOOKED', count: 1 },
    ]);
    expect(m.acknowledgement).toEqual({
      acknowledged: 2,
      medianMinutes: 60,
      byPriority: [
        { priority: 'critical', acknowledged: 1, medianMinutes: 30 },
        { priority: 'high', acknowledged: 0, medianMinutes: null },
        { priority: 'medium', acknowledged: 0, medianMinutes: null },
        { priority: 'low', acknowledged: 1, medianMinutes: 90 },
      ],
    });

    // a range holding only the refill of day 105: its previous refill (day 50) is still used
    const narrow = (await t.http.get('/api/metrics/quality?from=2024-04-01&to=2024-04-30').set(as('admin')).expect(200))
      .body as QualityMetricsDto;
    expect(narrow.refills).toMatchObject({ total: 1, initialFills: 0, assessed: 1, medianMarginDays: 5 });
    expect(narrow.alarmsByCodePerMonth).toEqual([{ month: '2024-04', code: 'REFILL_NOT_BOOKED', count: 1 }]);
  });

  it('returns nulls, not zeros, for an empty range; validates the range', async () => {
    const m = (await t.http.get('/api/metrics/quality?from=2020-01-01&to=2020-12-31').set(as('physician')).expect(200))
      .body as QualityMetricsDto;
    expect(m.refills).toMatchObject({
      total: 0,
      assessed: 0,
      onOrBeforeDueDatePct: null,
      medianMarginDays: null,
      discrepancyRatePct: null,
    });
    expect(m.acknowledgement.medianMinutes).toBeNull();
    await t.http.get('/api/metrics/quality?from=2026-02-01&to=2026-01-01').set(as('nurse')).expect(400);
    await t.http.get('/api/metrics/quality?from=2026-13-01').set(as('nurse')).expect(400);
    await t.http.get('/api/metrics/quality?from=2015-01-01&to=2026-01-01').set(as('nurse')).expect(400);
    await t.http.get('/api/metrics/quality?extra=1').set(as('nurse')).expect(400);
    await t.http.get('/api/metrics/quality').expect(401);
  });
});
