import type { AppointmentDto, PatientDto, PumpStatusDto, RefillDto } from '@pumpwatch/contracts';
import { localDate } from '@pumpwatch/domain';
import type { EmergencyCardDto, RefillSheetDto } from '@pumpwatch/contracts';
import { useDemoApp } from './support/suite';
import type { TestApp } from './support/test-app';

describe('printable reports (demo clinic)', () => {
  let t: TestApp;
  let patients: (PatientDto & { pumps: { id: string; model: string; serialNumber: string }[] })[];

  const { as } = useDemoApp({ at: '2026-03-02T10:00:00Z' }, async (app) => {
    t = app;
    const list = (await t.http.get('/api/patients?pageSize=100').set(as('nurse')).expect(200)).body
      .items as PatientDto[];
    patients = [];
    for (const p of list) patients.push((await t.http.get(`/api/patients/${p.id}`).set(as('nurse')).expect(200)).body);
  });

  it('refill sheet: the engine expected residual now, current program, last three refills and two signature lines', async () => {
    let sheets = 0;
    for (const p of patients) {
      for (const pump of p.pumps) {
        const status = await t.http.get(`/api/pumps/${pump.id}/status`).set(as('nurse'));
        if (status.status !== 200) continue;
        const s = status.body as PumpStatusDto;
        const refills = (await t.http.get(`/api/pumps/${pump.id}/refills`).set(as('nurse')).expect(200))
          .body as RefillDto[];
        const sheet = (await t.http.get(`/api/reports/refill-sheet/${pump.id}`).set(as('nurse')).expect(200))
          .body as RefillSheetDto;
        sheets++;
        expect(sheet.patient).toMatchObject({ id: p.id, mrn: p.mrn, familyName: p.familyName, highRisk: p.highRisk });
        expect(sheet.pump).toMatchObject({ id: pump.id, model: pump.model, serialNumber: pump.serialNumber });
        expect(sheet.projection).toEqual({
          expectedResidualNowMl: s.reservoirNowMl,
          rateMlPerDay: s.rateMlPerDay,
          lowReservoirAlarmAt: s.lowReservoirAlarmAt,
          worstCaseLowReservoirAlarmAt: s.worstCaseLowReservoirAlarmAt,
          refillDueDate: s.refillDueDate,
          refillDueReason: s.refillDueReason,
        });
        expect(sheet.currentProgram?.programmedDoseMcgPerDay).toBe(s.programmedDoseMcgPerDay);
        expect(sheet.currentProgram?.planningDoseMcgPerDay).toBe(s.planningDoseMcgPerDay);
        expect(sheet.concentrationMcgPerMl).toBe(s.concentrationMcgPerMl);
        expect(sheet.drugName).toContain(String(s.concentrationMcgPerMl));
        expect(sheet.nextAppointmentAt).toBe(s.nextAppointmentAt);
        expect(sheet.lastRefills.map((r) => r.at)).toEqual(refills.slice(0, 3).map((r) => r.at));
        expect(sheet.lastRefills[0]).toMatchObject({
          volumeAddedMl: refills[0]!.volumeAddedMl,
          actualResidualMl: refills[0]!.actualResidualMl,
          discrepancy: refills[0]!.discrepancy,
        });
        expect(sheet.signatures.map((x) => x.role)).toEqual(['nurse', 'second-checker']);
        expect(sheet.checks.some((c) => /needle position/i.test(c))).toBe(true);
        expect(sheet.clinic.name).toBe('Northfield Spasticity Clinic (demo)');
      }
    }
    expect(sheets).toBeGreaterThanOrEqual(12);
    // the demo has an unverified dose change (DEMO-015): the sheet says so
    const unverified = patients.find((p) => p.mrn === 'DEMO-015')!;
    const sheet = (
      await t.http.get(`/api/reports/refill-sheet/${unverified.pumps[0]!.id}`).set(as('staff')).expect(200)
    ).body as RefillSheetDto;
    expect(sheet.currentProgram?.verified).toBe(false);
  });

  it('emergency card: the warning, signs, clinic phones, pump, drug, dose and next refill (booked visit or due date)', async () => {
    const booked = (await t.http.get('/api/appointments?status=booked').set(as('nurse')).expect(200))
      .body as AppointmentDto[];
    const today = localDate(Date.parse('2026-03-02T10:00:00Z'), 'Europe/London');
    let overdue = 0;
    for (const p of patients) {
      const card = (await t.http.get(`/api/reports/emergency-card/${p.id}`).set(as('staff')).expect(200))
        .body as EmergencyCardDto;
      expect(card.warning).toBe('Never stop baclofen abruptly');
      expect(card.withdrawalSigns).toEqual(expect.arrayContaining(['Itching (pruritus)', 'High fever']));
      expect(card.whatToDo.some((w) => /emergency department/.test(w))).toBe(true);
      expect(card.clinic).toMatchObject({
        name: 'Northfield Spasticity Clinic (demo)',
        phone: '+44 20 7946 0000',
        outOfHoursPhone: '+44 20 7946 0999',
      });
      expect(card.patient).toMatchObject({ mrn: p.mrn, familyName: p.familyName, birthDate: p.birthDate });
      expect(card.pumps).toHaveLength(p.pumps.length);
      for (const cp of card.pumps) {
        const pump = p.pumps.find((x) => x.id === cp.pumpId)!;
        expect(cp.model).toBe(pump.model);
        const status = await t.http.get(`/api/pumps/${pump.id}/status`).set(as('nurse'));
        if (status.status !== 200) continue;
        const s = status.body as PumpStatusDto;
        expect(cp.concentrationMcgPerMl).toBe(s.concentrationMcgPerMl);
        expect(cp.dailyDoseMcgPerDay).toBe(s.programmedDoseMcgPerDay);
        expect(cp.refillDueDate).toBe(s.refillDueDate);
        const visit = booked.find((a) => a.pumpId === pump.id);
        expect(cp.nextAppointmentAt).toBe(visit?.at ?? null);
        expect(cp.nextRefillDate).toBe(visit ? localDate(Date.parse(visit.at), 'Europe/London') : s.refillDueDate);
        expect(cp.overdueSince).toBe(s.refillDueDate !== null && s.refillDueDate < today ? s.refillDueDate : null);
        if (cp.overdueSince) overdue++;
      }
    }
    // the demo has overdue pumps (DEMO-005, DEMO-006, the missed appointment): their cards say since when
    expect(overdue).toBeGreaterThanOrEqual(2);
    // DEMO-001 has its next refill booked: the card gives that visit's date, before the due date
    const maria = patients.find((p) => p.mrn === 'DEMO-001')!;
    const card = (await t.http.get(`/api/reports/emergency-card/${maria.id}`).set(as('nurse')).expect(200))
      .body as EmergencyCardDto;
    expect(card.pumps[0]!.nextAppointmentAt).not.toBeNull();
    expect(card.pumps[0]!.nextRefillDate! <= card.pumps[0]!.refillDueDate!).toBe(true);
  });

  it('404 for unknown ids, 401 without a token', async () => {
    const none = '00000000-0000-4000-8000-000000000000';
    expect((await t.http.get(`/api/reports/refill-sheet/${none}`).set(as('nurse')).expect(404)).body.code).toBe(
      'NOT_FOUND',
    );
    await t.http.get(`/api/reports/emergency-card/${none}`).set(as('nurse')).expect(404);
    await t.http.get('/api/reports/emergency-card/xyz').set(as('nurse')).expect(404);
    await t.http.get(`/api/reports/emergency-card/${patients[0]!.id}`).expect(401);
  });
});
