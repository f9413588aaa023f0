import type { TestUsers } from './support/users';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';

const patientBody = {
  mrn: 'MRN-1',
  givenName: 'Ada',
  familyName: 'Lovelace',
  birthDate: '1980-04-12',
  spasticityOrigin: 'spinal',
  riskFactors: ['RENAL_IMPAIRMENT'],
};

describe('patients, pumps and pump events', () => {
  let t: TestApp;
  let u: TestUsers;
  useTestApp({}, (app) => ({ t, u } = app));

  let patient: { id: string; version: number };
  let pumpId: string;

  it('creates a patient (nurse) with derived highRisk and pediatric', async () => {
    const res = await t.http.post('/api/patients').set(u.auth('nurse')).send(patientBody).expect(201);
    expect(res.body).toMatchObject({ mrn: 'MRN-1', highRisk: false, pediatric: false, version: 1 });
    patient = res.body;
    const child = await t.http
      .post('/api/patients')
      .set(u.auth('physician'))
      .send({ ...patientBody, mrn: 'MRN-2', birthDate: '2015-01-01', riskFactors: ['PRIOR_WITHDRAWAL'] })
      .expect(201);
    expect(child.body).toMatchObject({ highRisk: true, pediatric: true });
  });

  it('refuses staff, duplicate MRNs and malformed bodies', async () => {
    expect((await t.http.post('/api/patients').set(u.auth('staff')).send(patientBody)).status).toBe(403);
    const dup = await t.http.post('/api/patients').set(u.auth('nurse')).send(patientBody);
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('MRN_TAKEN');
    const bad = await t.http
      .post('/api/patients')
      .set(u.auth('nurse'))
      .send({ ...patientBody, mrn: 'MRN-3', riskFactors: ['MADE_UP'], birthDate: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(bad.body.details)).toContain('riskFactors');
  });

  it('patches with optimistic versions: stale → 409, If-Match accepted', async () => {
    const ok = await t.http
      .patch(`/api/patients/${patient.id}`)
      .set(u.auth('nurse'))
      .send({ riskFactors: ['SCI_T6_OR_ABOVE'], version: patient.version })
      .expect(200);
    expect(ok.body).toMatchObject({ highRisk: true, version: patient.version + 1 });
    const stale = await t.http
      .patch(`/api/patients/${patient.id}`)
      .set(u.auth('nurse'))
      .send({ givenName: 'Late', version: patient.version });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');
    const viaHeader = await t.http
      .patch(`/api/patients/${patient.id}`)
      .set(u.auth('nurse'))
      .set('If-Match', `"${ok.body.version}"`)
      .send({ givenName: 'Augusta' })
      .expect(200);
    expect(viaHeader.body.givenName).toBe('Augusta');
    const missing = await t.http.patch(`/api/patients/${patient.id}`).set(u.auth('nurse')).send({ givenName: 'X' });
    expect(missing.status).toBe(400);
  });

  it('only one of 10 concurrent edits with the same version wins', async () => {
    const { body } = await t.http.get(`/api/patients/${patient.id}`).set(u.auth('staff')).expect(200);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        t.http
          .patch(`/api/patients/${patient.id}`)
          .set(u.auth('nurse'))
          .send({ notes: `edit ${i}`, version: body.version }),
      ),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(9);
  });

  it('lists and searches patients; 404 for unknown ids', async () => {
    const res = await t.http.get('/api/patients?search=augus&page=1&pageSize=10').set(u.auth('staff')).expect(200);
    expect(res.body.total).toBe(1);
    expect(res.body.items[0].id).toBe(patient.id);
    const none = await t.http.get('/api/patients/00000000-0000-4000-8000-000000000000').set(u.auth('staff'));
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('NOT_FOUND');
    expect((await t.http.get('/api/patients/not-a-uuid').set(u.auth('staff'))).status).toBe(404);
  });

  it('registers a pump (physician) with the model default alarm volume', async () => {
    const body = {
      model: 'Prometra II',
      serialNumber: 'PR-1',
      reservoirCapacityMl: 20,
      implantedAt: '2025-06-01T12:00:00Z',
    };
    expect((await t.http.post(`/api/patients/${patient.id}/pumps`).set(u.auth('nurse')).send(body)).status).toBe(403);
    const res = await t.http.post(`/api/patients/${patient.id}/pumps`).set(u.auth('physician')).send(body).expect(201);
    expect(res.body).toMatchObject({
      patientId: patient.id,
      lowReservoirAlarmMl: 3,
      reservoirCapacityMl: 20,
      active: true,
    });
    pumpId = res.body.id;
    const bad = await t.http
      .post(`/api/patients/${patient.id}/pumps`)
      .set(u.auth('physician'))
      .send({ ...body, serialNumber: 'PR-2', reservoirCapacityMl: 30 });
    expect(bad.status).toBe(400);
    const got = await t.http.get(`/api/patients/${patient.id}`).set(u.auth('staff')).expect(200);
    expect(got.body.pumps.map((p: { id: string }) => p.id)).toEqual([pumpId]);
  });

  it('status is refused clearly before the initial fill', async () => {
    const res = await t.http.get(`/api/pumps/${pumpId}/status`).set(u.auth('staff'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('NO_REFILL_RECORDED');
  });

  it('pump events drive MRI check, ERI stop date, interruption and restart', async () => {
    const post = (who: 'nurse' | 'physician' | 'staff', type: string, at = '2026-02-27T10:00:00Z') =>
      t.http.post(`/api/pumps/${pumpId}/events`).set(u.auth(who)).send({ type, at });
    expect((await post('staff', 'MRI')).status).toBe(403);
    await post('nurse', 'MRI').expect(201);
    expect((await t.http.get(`/api/pumps/${pumpId}`).set(u.auth('staff'))).body.mriCheckDue).toBe(true);
    await post('nurse', 'INTERROGATION', '2026-02-27T11:00:00Z').expect(201);
    expect((await t.http.get(`/api/pumps/${pumpId}`).set(u.auth('staff'))).body.mriCheckDue).toBe(false);

    await post('nurse', 'ERI_REPORTED', '2026-02-01T10:00:00Z').expect(201);
    const eri = await t.http.get(`/api/pumps/${pumpId}`).set(u.auth('staff'));
    expect(eri.body.batteryStopDate).toBe('2026-05-02');

    await post('nurse', 'MOTOR_STALL').expect(201);
    expect((await t.http.get(`/api/pumps/${pumpId}`).set(u.auth('staff'))).body.therapyInterrupted).toBe(true);
    const nurseRestart = await post('nurse', 'RESTARTED');
    expect(nurseRestart.status).toBe(403);
    await post('physician', 'RESTARTED').expect(201);
    expect((await t.http.get(`/api/pumps/${pumpId}`).set(u.auth('staff'))).body.therapyInterrupted).toBe(false);

    const future = await post('nurse', 'MRI', '2030-01-01T00:00:00Z');
    expect(future.status).toBe(422);
    expect(future.body.code).toBe('EVENT_IN_FUTURE');
    const events = await t.http.get(`/api/pumps/${pumpId}/events`).set(u.auth('staff')).expect(200);
    expect(events.body).toHaveLength(5);

    const audit = await t.http.get(`/api/audit?entityId=${pumpId}`).set(u.auth('admin')).expect(200);
    expect(audit.body.map((e: { action: string }) => e.action)).toContain('pump-event.RESTARTED');
    expect((await t.http.get('/api/audit/verify').set(u.auth('admin'))).body.ok).toBe(true);
  });
});
