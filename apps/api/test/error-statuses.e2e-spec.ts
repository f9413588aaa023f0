import { DataSource } from 'typeorm';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import { TEST_PASSWORD, type TestUsers } from './support/users';

/** Conflicts answer 409 whatever the record: a taken e-mail like a taken MRN or pump serial. */
describe('conflict statuses over HTTP', () => {
  let t: TestApp;
  let u: TestUsers;

  useTestApp({}, (app) => ({ t, u } = app));

  const userCount = async () =>
    Number(((await t.app.get(DataSource).query('SELECT count(*) AS n FROM users')) as { n: string }[])[0].n);

  it('refuses an e-mail that already has an account with 409 EMAIL_TAKEN (any case), creating nothing', async () => {
    const before = await userCount();
    for (const email of ['nurse@test.local', 'Nurse@Test.Local']) {
      const res = await t.http
        .post('/api/users')
        .set(u.auth('admin'))
        .send({ email, name: 'Second nurse account', role: 'nurse', password: TEST_PASSWORD });
      expect(res.status).toBe(409);
      expect(res.body).toEqual({
        statusCode: 409,
        code: 'EMAIL_TAKEN',
        message: 'nurse@test.local already has an account',
      });
    }
    expect(await userCount()).toBe(before);
  });

  it('refuses a taken MRN and a taken pump serial with 409 too', async () => {
    const patient = {
      mrn: 'MRN-409',
      givenName: 'Ada',
      familyName: 'Conflict',
      birthDate: '1980-01-01',
      spasticityOrigin: 'spinal',
      riskFactors: [],
    };
    const created = await t.http.post('/api/patients').set(u.auth('nurse')).send(patient).expect(201);
    const dupPatient = await t.http.post('/api/patients').set(u.auth('nurse')).send(patient);
    expect([dupPatient.status, dupPatient.body.code]).toEqual([409, 'MRN_TAKEN']);

    const pump = {
      model: 'SynchroMed II',
      serialNumber: 'SN-409',
      reservoirCapacityMl: 20,
      implantedAt: '2025-01-10T10:00:00Z',
    };
    await t.http.post(`/api/patients/${created.body.id}/pumps`).set(u.auth('physician')).send(pump).expect(201);
    const dupPump = await t.http.post(`/api/patients/${created.body.id}/pumps`).set(u.auth('physician')).send(pump);
    expect([dupPump.status, dupPump.body.code]).toEqual([409, 'SERIAL_TAKEN']);
  });
});
