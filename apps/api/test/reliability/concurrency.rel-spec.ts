import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock/clock';
import { AlarmsService } from '../../src/modules/alarms/alarms.service';
import { createPatient, createPumpWithFill } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestUsers, type TestUsers } from '../support/users';
import { reportFigures } from './support/figures';

const DAY_MS = 86_400_000;
const CLIENTS = 50;

/**
 * Concurrent writers over real HTTP (the app listens on a port; every client is its own request): optimistic
 * versions under contention with read-modify-write retries and two API instances sweeping alarms at once.
 */
describe('reliability: concurrent writers (long)', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let a: TestApp;
  let b: TestApp;
  let u: TestUsers;
  let base: string;

  beforeAll(async () => {
    a = await startTestApp({ clock });
    b = await startTestApp({ clock, databaseUrl: a.databaseUrl });
    u = await createTestUsers(a);
    await a.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(a.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const db = () => a.app.get(DataSource);
  const auditActions = async (entityId: string, action: string): Promise<number> => {
    const [row] = (await db().query('SELECT count(*)::int AS n FROM audit_log WHERE entity_id = $1 AND action = $2', [
      entityId,
      action,
    ])) as { n: number }[];
    return row.n;
  };
  const verifyChain = async () =>
    (await request(base).get('/api/audit/verify').set(u.auth('admin')).expect(200)).body as {
      ok: boolean;
      entries: number;
    };

  it(`${CLIENTS} clients each append to one patient with read-modify-write retries: no lost update`, async () => {
    const patient = await createPatient(a, u, { notes: '' });
    let attempts = 0;
    let conflicts = 0;
    const client = async (i: number) => {
      for (;;) {
        const cur = await request(base).get(`/api/patients/${patient.id}`).set(u.auth('nurse')).expect(200);
        attempts++;
        const res = await request(base)
          .patch(`/api/patients/${patient.id}`)
          .set(u.auth('nurse'))
          .send({ notes: `${cur.body.notes as string}[${i}]`, version: cur.body.version });
        if (res.status === 200) return;
        expect(res.status).toBe(409);
        conflicts++;
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
    const final = await request(base).get(`/api/patients/${patient.id}`).set(u.auth('nurse')).expect(200);
    const tags = (final.body.notes as string).match(/\[\d+\]/g) ?? [];
    expect(tags).toHaveLength(CLIENTS);
    expect(new Set(tags).size).toBe(CLIENTS);
    expect(final.body.version).toBe(patient.version + CLIENTS);
    expect(await auditActions(patient.id, 'patient.update')).toBe(CLIENTS);
    reportFigures('concurrency.patient-retry-append', {
      clients: CLIENTS,
      patchAttempts: attempts,
      conflicts409: conflicts,
      updatesKept: tags.length,
      finalVersion: final.body.version,
      auditEntries: CLIENTS,
    });
  });

  it('two API instances sweeping at once, repeatedly as time passes, never duplicate an alarm', async () => {
    const pumps: string[] = [];
    for (let i = 0; i < 8; i++) pumps.push((await createPumpWithFill(a, u)).pump.id);
    const sweeps = { a: 0, b: 0, skipped: 0, raised: 0 };
    for (let step = 0; step < 6; step++) {
      clock.advance(10 * DAY_MS); // reservoirs fall: low-reservoir / refill-due alarms appear over time
      const results = await Promise.all([
        a.app.get(AlarmsService).sweep(),
        b.app.get(AlarmsService).sweep(),
        a.app.get(AlarmsService).evaluatePumps(pumps.slice(0, 4)),
        b.app.get(AlarmsService).evaluatePumps(pumps.slice(4)),
      ]);
      if (!results[0].skipped) sweeps.a++;
      if (!results[1].skipped) sweeps.b++;
      sweeps.skipped += Number(results[0].skipped) + Number(results[1].skipped);
      sweeps.raised += results.reduce((n, r) => n + r.raised, 0);
    }
    const dupes = (await db().query(
      `SELECT pump_id, code, count(*)::int AS n FROM alarms WHERE status <> 'resolved'
        GROUP BY pump_id, code HAVING count(*) > 1`,
    )) as unknown[];
    expect(dupes).toEqual([]);
    const [{ n: active }] = (await db().query(
      `SELECT count(*)::int AS n FROM alarms WHERE status <> 'resolved' AND pump_id = ANY($1::uuid[])`,
      [pumps],
    )) as { n: number }[];
    const [{ n: raisedAudit }] = (await db().query(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'alarm.raise' AND after->>'pumpId' = ANY($1::text[])`,
      [pumps],
    )) as { n: number }[];
    expect(active).toBeGreaterThan(0);
    expect(sweeps.a + sweeps.b).toBeGreaterThanOrEqual(6);
    expect((await verifyChain()).ok).toBe(true);
    reportFigures('concurrency.two-instance-sweeps', {
      pumps: pumps.length,
      timeSteps: 6,
      sweepsRunA: sweeps.a,
      sweepsRunB: sweeps.b,
      sweepsSkippedByLock: sweeps.skipped,
      alarmsRaised: sweeps.raised,
      alarmRaiseAuditEntries: raisedAudit,
      activeAlarms: active,
      duplicateOpenAlarms: dupes.length,
    });
  });
});
