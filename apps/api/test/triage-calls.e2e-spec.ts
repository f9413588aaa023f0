import type { TriageCallDto } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import { FixedClock } from '../src/common/clock/clock';
import {
  activeCodes,
  alarmsOf,
  createPumpFor,
  DAY_MS,
  HOUR_MS,
  insertDoseProgram,
  insertRefill,
  sweep,
} from './support/alarm-fixtures';
import { createPatient, recordPumpEvent } from './support/clinic-fixtures';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/**
 * Triage calls over HTTP on PostgreSQL: the context read from the pump, the engine's answer stored, TRIAGE_OPEN
 * raised by urgency and kept by the sweep until an outcome is recorded; the physician's oral backup plan.
 */
describe('triage calls', () => {
  const clock = new FixedClock(new Date('2026-03-05T21:10:00Z'));
  let t: TestApp;
  let u: TestUsers;
  const ds = () => t.app.get(DataSource);
  useTestApp({ clock }, (app) => ({ t, u } = app));
  beforeEach(() => clock.set('2026-03-05T21:10:00Z'));

  const post = (patientId: string, body: Record<string, unknown>, who: Parameters<TestUsers['auth']>[0] = 'nurse') =>
    t.http.post(`/api/patients/${patientId}/triage-calls`).set(u.auth(who)).send(body);
  const call = async (patientId: string, body: Record<string, unknown>): Promise<TriageCallDto> => {
    const res = await post(patientId, { caller: 'carer', pumpAlarmHeard: false, ...body });
    if (res.status !== 201) throw new Error(`triage call: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as TriageCallDto;
  };
  const close = (id: string, body: Record<string, unknown>, who: Parameters<TestUsers['auth']>[0] = 'nurse') =>
    t.http.patch(`/api/triage-calls/${id}`).set(u.auth(who)).send(body);
  const setPlan = (patientId: string, version: number, plan: unknown, who: Parameters<TestUsers['auth']>[0]) =>
    t.http.patch(`/api/patients/${patientId}`).set(u.auth(who)).send({ version, oralBackupPlan: plan });
  const countCalls = async () =>
    ((await ds().query('SELECT count(*)::int AS n FROM triage_calls')) as { n: number }[])[0].n;
  const auditActions = async (entityId: string) =>
    (
      (await ds().query('SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY seq', [entityId])) as {
        action: string;
      }[]
    ).map((r) => r.action);

  /** 20 mL at 1000 mcg/mL, 300 mcg/day (0.3 mL/day): worst-case alarm after ~52 days, nominal after 60. */
  async function pumpFilledDaysAgo(days: number, opts: Parameters<typeof createPumpFor>[2] = {}) {
    const ids = await createPumpFor(t, u, opts);
    const now = clock.now().getTime();
    await insertDoseProgram(t, u, ids.pumpId, { effectiveAt: new Date(now - 200 * DAY_MS) });
    await insertRefill(t, u, ids.pumpId, { at: new Date(now - days * DAY_MS) });
    return ids;
  }

  async function withPlan(patientId: string) {
    const patient = (await t.http.get(`/api/patients/${patientId}`).set(u.auth('nurse')).expect(200)).body;
    return setPlan(patientId, patient.version, { doseMg: 10, timesPerDay: 4, notes: 'until seen' }, 'physician').expect(
      200,
    );
  }

  describe('the oral backup plan', () => {
    it('a physician sets it, it shows on the patient; an admin may clear it; the change is audited', async () => {
      const patient = await createPatient(t, u);
      expect(patient.oralBackupPlan).toBeNull();
      const res = await setPlan(patient.id, patient.version, { doseMg: 10, timesPerDay: 3 }, 'physician').expect(200);
      expect(res.body.oralBackupPlan).toEqual({ doseMg: 10, timesPerDay: 3, notes: null });
      const read = await t.http.get(`/api/patients/${patient.id}`).set(u.auth('staff')).expect(200);
      expect(read.body.oralBackupPlan).toEqual({ doseMg: 10, timesPerDay: 3, notes: null });
      const cleared = await setPlan(patient.id, res.body.version, null, 'admin').expect(200);
      expect(cleared.body.oralBackupPlan).toBeNull();
      const [entry] = (await ds().query(
        `SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'patient.update' ORDER BY seq LIMIT 1`,
        [patient.id],
      )) as { after: Record<string, unknown> }[];
      expect(entry.after).toMatchObject({ oralBackupDoseMg: 10, oralBackupTimesPerDay: 3 });
    });

    it('prints on the emergency card with its directions, and cautions for kidney problems and sedatives', async () => {
      const patient = await createPatient(t, u, { riskFactors: ['RENAL_IMPAIRMENT', 'CNS_DEPRESSANTS'] });
      const none = await t.http.get(`/api/reports/emergency-card/${patient.id}`).set(u.auth('staff')).expect(200);
      expect(none.body.oralBackupPlan).toBeNull();
      await setPlan(
        patient.id,
        patient.version,
        { doseMg: 10, timesPerDay: 3, notes: 'max 3 days' },
        'physician',
      ).expect(200);
      const card = await t.http.get(`/api/reports/emergency-card/${patient.id}`).set(u.auth('staff')).expect(200);
      expect(card.body.oralBackupPlan).toMatchObject({
        doseMg: 10,
        timesPerDay: 3,
        notes: 'max 3 days',
        directions: '10 mg of baclofen by mouth, 3 times a day',
      });
      expect(card.body.oralBackupPlan.use.join(' ')).toMatch(/does not replace the pump/);
      expect(card.body.oralBackupPlan.cautions).toHaveLength(2);
      expect(card.body.oralBackupPlan.cautions.join(' ')).toMatch(/Kidney.*sedating/s);
    });

    it('a nurse may not prescribe it, but may re-send the plan on record with other changes', async () => {
      const patient = await createPatient(t, u);
      const res = await setPlan(patient.id, patient.version, { doseMg: 5, timesPerDay: 3 }, 'nurse');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const set = await setPlan(patient.id, patient.version, { doseMg: 5, timesPerDay: 3 }, 'physician').expect(200);
      await t.http
        .patch(`/api/patients/${patient.id}`)
        .set(u.auth('nurse'))
        .send({ version: set.body.version, phone: '0123', oralBackupPlan: { doseMg: 5, timesPerDay: 3, notes: null } })
        .expect(200);
    });

    it('a plan outside the bounds is refused in words (422) or as malformed (400); nothing changes', async () => {
      const patient = await createPatient(t, u);
      for (const [plan, status, code] of [
        [{ doseMg: 30, timesPerDay: 6 }, 422, 'ORAL_BACKUP_PLAN_INVALID'],
        [{ doseMg: 100, timesPerDay: 1 }, 422, 'ORAL_BACKUP_PLAN_INVALID'],
        [{ doseMg: 0, timesPerDay: 3 }, 422, 'ORAL_BACKUP_PLAN_INVALID'],
        [{ doseMg: 10, timesPerDay: 8 }, 422, 'ORAL_BACKUP_PLAN_INVALID'],
        [{ doseMg: '10', timesPerDay: 3 }, 400, 'VALIDATION_FAILED'],
        [{ doseMg: 10, timesPerDay: 2.5 }, 400, 'VALIDATION_FAILED'],
        [{ doseMg: 10 }, 400, 'VALIDATION_FAILED'],
      ] as const) {
        const res = await setPlan(patient.id, patient.version, plan, 'physician');
        expect({ plan, status: res.status, code: res.body.code }).toEqual({ plan, status, code });
      }
      const read = await t.http.get(`/api/patients/${patient.id}`).set(u.auth('nurse')).expect(200);
      expect(read.body).toMatchObject({ version: patient.version, oralBackupPlan: null });
    });
  });

  describe('classifying a call from the pump', () => {
    it('an itchy patient with an overdue pump is an emergency, with the oral backup plan', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(56);
      await withPlan(patientId);
      const res = await post(patientId, {
        caller: 'carer',
        symptoms: ['ITCHING', 'SPASTICITY_RETURN'],
        pumpAlarmHeard: false,
        notes: 'legs stiff again since this morning',
      }).expect(201);
      expect(res.body).toMatchObject({
        patientId,
        pumpId,
        urgency: 'EMERGENCY',
        suspected: 'WITHDRAWAL',
        reasons: ['RESERVOIR_LOW'],
        actions: ['BRING_EMERGENCY_CARD', 'EMERGENCY_DEPARTMENT_NOW', 'START_ORAL_BACKUP_PLAN'],
        status: 'open',
        projectionAvailable: true,
        oralBackupPlan: { doseMg: 10, timesPerDay: 4, notes: 'until seen' },
        version: 1,
      });
      expect(res.body.context).toMatchObject({ reservoirAtOrBelowAlarm: false, pastWorstCaseAlarm: true });
      expect(res.body.context.openAlarms).toContain('REFILL_OVERDUE');
      expect(res.body.context.lastRefillAt).toBe(
        new Date(clock.now().getTime() - 56 * DAY_MS).toISOString().slice(0, 19) + 'Z',
      );
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'critical' });
      expect(await auditActions(res.body.id)).toEqual(['triage-call.create']);
    });

    it('a drowsy patient the day after a refill is an emergency, never with oral baclofen', async () => {
      const { patientId } = await pumpFilledDaysAgo(1);
      await withPlan(patientId);
      const body = await call(patientId, { symptoms: ['DROWSINESS'] });
      expect(body).toMatchObject({ urgency: 'EMERGENCY', suspected: 'OVERDOSE', reasons: ['RECENT_REFILL'] });
      expect(body.actions).toEqual(['BRING_EMERGENCY_CARD', 'EMERGENCY_DEPARTMENT_NOW']);
    });

    it('a dose increase in the last week turns overdose signs into an emergency', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10);
      const increasedAt = new Date(clock.now().getTime() - 3 * DAY_MS);
      await insertDoseProgram(t, u, pumpId, { effectiveAt: increasedAt, basalDoseMcgPerDay: 360 });
      const body = await call(patientId, { symptoms: ['HYPOTONIA'] });
      expect(body).toMatchObject({ urgency: 'EMERGENCY', reasons: ['RECENT_DOSE_INCREASE'] });
      expect(body.context.lastDoseIncreaseAt).toBe(increasedAt.toISOString().slice(0, 19) + 'Z');
    });

    it('an interrupted pump (open THERAPY_INTERRUPTED) makes any symptomatic call an emergency', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10);
      await recordPumpEvent(t, u, pumpId, 'PUMP_STOPPED', { at: new Date(clock.now().getTime() - HOUR_MS) });
      const body = await call(patientId, { symptoms: ['DIZZINESS'] });
      expect(body).toMatchObject({ urgency: 'EMERGENCY', reasons: ['OPEN_PUMP_ALARM'] });
      expect(body.context.openAlarms).toContain('THERAPY_INTERRUPTED');
    });

    it('a quiet pump: a mild sign is same-day (high), nothing reported is routine (low)', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10);
      const routine = await call(patientId, { symptoms: [] });
      expect(routine).toMatchObject({ urgency: 'ROUTINE', reasons: [], actions: ['ROUTINE_FOLLOW_UP'] });
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'low' });
      const urgent = await call(patientId, { symptoms: ['PARESTHESIA'], pumpAlarmHeard: true });
      expect(urgent).toMatchObject({ urgency: 'URGENT_SAME_DAY', reasons: ['PUMP_ALARM_HEARD'] });
      expect(urgent.actions).toEqual(['PUMP_CHECK_TODAY']);
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'high' });
      // one alarm for the pump, listing both calls
      const [alarm] = (await alarmsOf(t, u, pumpId)).filter((a) => a.code === 'TRIAGE_OPEN');
      expect(alarm.details).toMatchObject({ triageCallIds: [routine.id, urgent.id] });
    });

    it('a high-risk patient: a routine call is medium on the board', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10, { riskFactors: ['LIVES_FAR'] });
      await call(patientId, { symptoms: [] });
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'medium' });
    });

    it('a patient with no pump on record: the call is classified and kept, with no pump alarm', async () => {
      const patient = await createPatient(t, u);
      const body = await call(patient.id, { symptoms: ['ITCHING'] });
      expect(body).toMatchObject({
        pumpId: null,
        urgency: 'URGENT_SAME_DAY',
        suspected: 'WITHDRAWAL',
        projectionAvailable: false,
        context: {
          reservoirAtOrBelowAlarm: false,
          pastWorstCaseAlarm: false,
          openAlarms: [],
          lastDoseIncreaseAt: null,
          lastRefillAt: null,
        },
      });
      const open = (await t.http.get('/api/triage-calls?status=open').set(u.auth('staff')).expect(200))
        .body as TriageCallDto[];
      expect(open.find((c) => c.id === body.id)?.patient).toMatchObject({ id: patient.id, mrn: patient.mrn });
    });

    it('a pump whose reservoir cannot be projected (no fill recorded) counts as low', async () => {
      const { patientId } = await createPumpFor(t, u);
      const body = await call(patientId, { symptoms: ['ITCHING'] });
      expect(body).toMatchObject({ projectionAvailable: false, urgency: 'EMERGENCY', reasons: ['RESERVOIR_LOW'] });
    });
  });

  describe('bad input stores nothing', () => {
    it.each([
      ['an unknown symptom', { symptoms: ['HEADACHE'] }],
      ['no symptom list', { symptoms: undefined }],
      ['symptoms null', { symptoms: null }],
      ['an unknown caller', { caller: 'neighbour' }],
      ['pumpAlarmHeard missing', { pumpAlarmHeard: undefined }],
      ['an unknown field', { mood: 'anxious' }],
    ])('%s → 400', async (_what, patch) => {
      const { patientId } = await pumpFilledDaysAgo(10);
      const before = await countCalls();
      const res = await post(patientId, { caller: 'patient', symptoms: ['ITCHING'], pumpAlarmHeard: false, ...patch });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await countCalls()).toBe(before);
    });

    it('a call in the future or more than a day old → 422; an unknown patient → 404', async () => {
      const { patientId } = await pumpFilledDaysAgo(10);
      const body = { caller: 'patient', symptoms: ['ITCHING'], pumpAlarmHeard: false };
      const future = await post(patientId, { ...body, at: new Date(clock.now().getTime() + HOUR_MS).toISOString() });
      expect([future.status, future.body.code]).toEqual([422, 'CALL_IN_FUTURE']);
      const old = await post(patientId, { ...body, at: new Date(clock.now().getTime() - 25 * HOUR_MS).toISOString() });
      expect([old.status, old.body.code]).toEqual([422, 'CALL_TOO_OLD']);
      const missing = await post('00000000-0000-4000-8000-000000000000', body);
      expect([missing.status, missing.body.code]).toEqual([404, 'NOT_FOUND']);
    });

    it('only nurses and physicians take calls', async () => {
      const { patientId } = await pumpFilledDaysAgo(10);
      const body = { caller: 'patient', symptoms: [], pumpAlarmHeard: false };
      expect((await post(patientId, body, 'staff')).status).toBe(403);
      expect((await post(patientId, body, 'admin')).status).toBe(403);
      expect((await post(patientId, body, 'physician')).status).toBe(201);
    });
  });

  describe('closing a call', () => {
    it('an outcome closes the call and resolves TRIAGE_OPEN; stale versions and a second close are refused', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(56);
      const opened = await call(patientId, { symptoms: ['ITCHING'] });
      expect((await close(opened.id, { outcome: 'SENT_TO_EMERGENCY', version: 0 })).status).toBe(409);
      expect((await close(opened.id, { outcome: 'SENT_HOME', version: 1 })).status).toBe(400);
      expect((await close(opened.id, { outcome: 'SENT_TO_EMERGENCY', version: 1 }, 'staff')).status).toBe(403);
      clock.advance(40 * 60_000);
      const closed = await close(opened.id, { outcome: 'SENT_TO_EMERGENCY', notes: 'ambulance called', version: 1 });
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        status: 'closed',
        outcome: 'SENT_TO_EMERGENCY',
        outcomeNotes: 'ambulance called',
        closedAt: clock.now().toISOString(),
        closedBy: u.ids.nurse,
        version: 2,
      });
      expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('TRIAGE_OPEN');
      const again = await close(opened.id, { outcome: 'ADVICE_ONLY', version: 2 }, 'physician');
      expect([again.status, again.body.code]).toEqual([409, 'TRIAGE_CALL_CLOSED']);
      expect(await auditActions(opened.id)).toEqual(['triage-call.create', 'triage-call.close']);
    });

    it('the alarm cannot be resolved by hand: only the outcome closes it', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10);
      const opened = await call(patientId, { symptoms: ['ITCHING'] });
      const [alarm] = (await alarmsOf(t, u, pumpId)).filter((a) => a.code === 'TRIAGE_OPEN');
      const res = await t.http.post(`/api/alarms/${alarm.id}/resolve`).set(u.auth('physician')).send({ note: 'done' });
      expect([res.status, res.body.code]).toEqual([422, 'TRIAGE_CALL_OPEN']);
      expect(res.body.details.triageCallIds).toEqual([opened.id]);
      expect(await activeCodes(t, u, pumpId)).toHaveProperty('TRIAGE_OPEN');
    });

    it('closing the most urgent of two open calls lowers the alarm to the other one', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10);
      const emergency = await call(patientId, { symptoms: ['SEIZURE'] });
      await call(patientId, { symptoms: ['ITCHING'] });
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'critical' });
      await close(emergency.id, { outcome: 'SENT_TO_EMERGENCY', version: 1 }).expect(200);
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'high' });
    });

    it('the sweep keeps the alarm for an open call and raises it for a call it was not told about', async () => {
      const { patientId, pumpId } = await pumpFilledDaysAgo(10);
      const opened = await call(patientId, { symptoms: ['ITCHING'] });
      await sweep(t);
      expect((await alarmsOf(t, u, pumpId)).filter((a) => a.code === 'TRIAGE_OPEN')).toHaveLength(1);
      // a call stored without the post-commit re-evaluation (e.g. the process stopped): the change-tracking
      // trigger marks the pump due, so the next sweep raises it
      await ds().query(`UPDATE triage_calls SET closed_at = now(), outcome = 'ADVICE_ONLY' WHERE id = $1`, [opened.id]);
      await sweep(t);
      expect(await activeCodes(t, u, pumpId)).not.toHaveProperty('TRIAGE_OPEN');
      await ds().query(`UPDATE triage_calls SET closed_at = NULL, outcome = NULL WHERE id = $1`, [opened.id]);
      await sweep(t);
      expect(await activeCodes(t, u, pumpId)).toMatchObject({ TRIAGE_OPEN: 'high' });
    });
  });

  it('the quality figures count the calls of the range and the minutes from call to outcome', async () => {
    clock.set('2026-04-10T10:00:00Z');
    const { patientId } = await pumpFilledDaysAgo(10);
    const urgent = await call(patientId, { symptoms: ['ITCHING'] });
    await call(patientId, { symptoms: [] });
    clock.advance(30 * 60_000);
    await close(urgent.id, { outcome: 'PUMP_CHECKED', version: 1 }).expect(200);
    const m = await t.http.get('/api/metrics/quality?from=2026-04-10&to=2026-04-10').set(u.auth('staff')).expect(200);
    expect(m.body.calls).toEqual({
      total: 2,
      open: 1,
      medianMinutesToOutcome: 30,
      byUrgency: [
        { urgency: 'EMERGENCY', total: 0, open: 0, medianMinutesToOutcome: null },
        { urgency: 'URGENT_SAME_DAY', total: 1, open: 0, medianMinutesToOutcome: 30 },
        { urgency: 'ROUTINE', total: 1, open: 1, medianMinutesToOutcome: null },
      ],
    });
  });

  it('lists a patient’s calls newest first', async () => {
    const { patientId } = await pumpFilledDaysAgo(10);
    const first = await call(patientId, {
      symptoms: [],
      at: new Date(clock.now().getTime() - 2 * HOUR_MS).toISOString(),
    });
    const second = await call(patientId, { symptoms: ['DIZZINESS'] });
    const res = await t.http.get(`/api/patients/${patientId}/triage-calls`).set(u.auth('staff')).expect(200);
    expect((res.body as TriageCallDto[]).map((c) => c.id)).toEqual([second.id, first.id]);
    await t.http.get(`/api/triage-calls/${first.id}`).set(u.auth('staff')).expect(200);
  });
});
