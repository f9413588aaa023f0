import { Client } from 'pg';
import { FixedClock } from '../../src/common/clock/clock';
import { AlarmsService } from '../../src/modules/alarms/alarms.service';
import { createPumpWithFill } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestUsers, type TestUsers } from '../support/users';
import { reportFigures } from './support/figures';
import { startOwnPostgres, type OwnPostgres } from './support/own-postgres';

const DAY_MS = 86_400_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** PostgreSQL stopped under load and started again, while the same API process keeps running. */
describe('reliability: database outage and recovery', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let pg: OwnPostgres;
  let t: TestApp;
  let u: TestUsers;
  const errors: string[] = [];

  beforeAll(async () => {
    pg = await startOwnPostgres();
    t = await startTestApp({ clock, databaseUrl: pg.url });
    // keep what the app logs, so an unexpected 500 names its cause in the failure
    const keep = (...parts: unknown[]) =>
      void errors.push(parts.map((p) => (p instanceof Error ? p.stack : String(p))).join(' '));
    t.app.useLogger({ log: () => undefined, warn: () => undefined, error: keep, fatal: keep });
    u = await createTestUsers(t);
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await pg?.destroy();
  });

  const patientBody = (mrn: string) => ({
    mrn,
    givenName: 'Outage',
    familyName: 'Test',
    birthDate: '1970-01-01',
    spasticityOrigin: 'spinal',
    riskFactors: [],
  });

  it('503 while down with nothing half-written; recovers without a restart; the sweep catches up', async () => {
    const { pump } = await createPumpWithFill(t, u);
    await t.app.get(AlarmsService).sweep();

    // a stream of writes, with PostgreSQL stopped in the middle of it
    const outcomes = new Map<string, number>();
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        const mrn = `OUT-${++n}`;
        const res = await t.http.post('/api/patients').set(u.auth('nurse')).send(patientBody(mrn));
        outcomes.set(mrn, res.status);
        if (res.status >= 500) {
          expect({ body: res.body, cause: res.status === 503 ? '' : errors.at(-1)?.slice(0, 600) }).toEqual({
            body: expect.objectContaining({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' }),
            cause: '',
          });
        }
      }
    })();
    await sleep(1500);
    const stoppedAt = Date.now();
    await pg.stop();
    await sleep(1500);

    const health = await t.http.get('/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ database: 'down' });
    const write = await t.http.post('/api/patients').set(u.auth('nurse')).send(patientBody('DOWN-1'));
    expect(write.status).toBe(503);
    expect(write.body).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE', message: expect.any(String) });
    const refill = await t.http.post(`/api/pumps/${pump.id}/refills`).set(u.auth('nurse')).send({
      actualResidualMl: 8,
      volumeAddedMl: 20,
      concentrationMcgPerMl: 1000,
      programmedConcentrationMcgPerMl: 1000,
      needlePositionConfirmed: true,
    });
    expect(refill.status).toBe(503);
    // time passes while the database is down; the sweep cannot run
    clock.advance(40 * DAY_MS);
    await expect(t.app.get(AlarmsService).sweep()).rejects.toThrow();

    await pg.start();
    const restartedAt = Date.now();
    let recoveredAt = 0;
    for (let i = 0; i < 60 && !recoveredAt; i++) {
      if ((await t.http.get('/api/health')).status === 200) recoveredAt = Date.now();
      else await sleep(500);
    }
    expect(recoveredAt).toBeGreaterThan(0);
    writing = false;
    await writer;

    // every acknowledged write is there, with its audit entry; refused ones are absent or complete
    const db = new Client({ connectionString: pg.url });
    await db.connect();
    try {
      const rows = (
        await db.query(
          `SELECT p.mrn, (SELECT count(*)::int FROM audit_log a WHERE a.entity_id = p.id::text AND a.action = 'patient.create') AS audited
           FROM patients p WHERE p.mrn LIKE 'OUT-%' OR p.mrn LIKE 'DOWN-%'`,
        )
      ).rows as { mrn: string; audited: number }[];
      const stored = new Map(rows.map((r) => [r.mrn, r.audited]));
      const acked = [...outcomes].filter(([, s]) => s === 201).map(([m]) => m);
      const refused = [...outcomes].filter(([, s]) => s !== 201);
      for (const mrn of acked) expect(stored.get(mrn)).toBe(1);
      for (const [, audited] of stored) expect(audited).toBe(1);
      expect(stored.has('DOWN-1')).toBe(false);
      const refusedButStored = refused.filter(([m]) => stored.has(m)).length;
      expect(refused.every(([, s]) => s === 503)).toBe(true);
      const [{ count: refillRows }] = (
        await db.query('SELECT count(*)::int AS count FROM refills WHERE pump_id = $1', [pump.id])
      ).rows as { count: number }[];
      expect(refillRows).toBe(1); // only the initial fill

      // writes work again on the same process, and the sweep catches up on the 40 days
      await t.http.post('/api/patients').set(u.auth('nurse')).send(patientBody('AFTER-1')).expect(201);
      const sweep = await t.app.get(AlarmsService).sweep();
      expect(sweep.skipped).toBe(false);
      const alarms = (await t.http.get(`/api/alarms?pumpId=${pump.id}&status=active`).set(u.auth('staff')).expect(200))
        .body as { code: string }[];
      expect(alarms.map((a) => a.code)).toEqual(expect.arrayContaining(['REFILL_OVERDUE']));
      const verify = await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200);
      expect(verify.body).toEqual({ ok: true, entries: expect.any(Number) });
      reportFigures('faults.database-restart', {
        writesAttempted: outcomes.size,
        acknowledged201: acked.length,
        refused503: refused.length,
        refusedButCommitted: refusedButStored,
        ackedMissing: acked.filter((m) => !stored.has(m)).length,
        rowsWithoutAudit: [...stored.values()].filter((a) => a !== 1).length,
        downtimeMs: restartedAt - stoppedAt,
        recoveryAfterStartMs: recoveredAt - restartedAt,
        alarmsAfterCatchUp: alarms.map((a) => a.code),
        auditChainOk: verify.body.ok,
      });
    } finally {
      await db.end();
    }
  });
});
