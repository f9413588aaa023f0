import { DataSource } from 'typeorm';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';
import type { TestUsers } from './support/users';

/** The clinic's date format: what the forms type dates in, whatever the browser's locale. */
describe('clinic settings: dateFormat', () => {
  let t: TestApp;
  let u: TestUsers;
  const db = () => t.app.get(DataSource);
  const settings = async () => (await t.http.get('/api/clinic-settings').set(u.auth('nurse')).expect(200)).body;
  const audits = async () =>
    (
      (await db().query(
        `SELECT after->>'dateFormat' AS "dateFormat" FROM audit_log WHERE action = 'clinic-settings.update' ORDER BY id`,
      )) as { dateFormat: string }[]
    ).map((r) => r.dateFormat);

  useTestApp({}, (app) => ({ t, u } = app));

  it('is day-first by default and readable by every role', async () => {
    expect((await settings()).dateFormat).toBe('DD/MM/YYYY');
    for (const who of ['physician', 'staff', 'admin'] as const) {
      const res = await t.http.get('/api/clinic-settings').set(u.auth(who)).expect(200);
      expect(res.body.dateFormat).toBe('DD/MM/YYYY');
    }
  });

  it('an administrator changes it; the change is audited', async () => {
    const before = await settings();
    const res = await t.http
      .put('/api/clinic-settings')
      .set(u.auth('admin'))
      .send({ version: before.version, dateFormat: 'YYYY-MM-DD' })
      .expect(200);
    expect(res.body).toMatchObject({ dateFormat: 'YYYY-MM-DD', timeZone: before.timeZone });
    expect((await settings()).dateFormat).toBe('YYYY-MM-DD');
    expect((await audits()).at(-1)).toBe('YYYY-MM-DD');
  });

  it('an unknown format is 400 VALIDATION_FAILED and nothing changes', async () => {
    const before = await settings();
    const auditCount = (await audits()).length;
    for (const dateFormat of ['D/M/YY', 'mm/dd/yyyy', '', 12]) {
      const res = await t.http
        .put('/api/clinic-settings')
        .set(u.auth('admin'))
        .send({ version: before.version, dateFormat });
      expect([dateFormat, res.status]).toEqual([dateFormat, 400]);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await settings()).toEqual(before);
    expect((await audits()).length).toBe(auditCount);
  });

  it('only an administrator may change it', async () => {
    const before = await settings();
    for (const who of ['nurse', 'physician', 'staff'] as const) {
      await t.http
        .put('/api/clinic-settings')
        .set(u.auth(who))
        .send({ version: before.version, dateFormat: 'MM/DD/YYYY' })
        .expect(403);
    }
    expect((await settings()).dateFormat).toBe(before.dateFormat);
  });

  it('the database refuses a format the forms cannot read, even written around the API', async () => {
    await expect(db().query(`UPDATE clinic_settings SET date_format = 'DD-MM-YY' WHERE id = 1`)).rejects.toThrow(
      /CHK_clinic_settings_date_format/,
    );
  });
});
