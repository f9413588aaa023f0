import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { FixedClock } from '../../src/common/clock/clock';
import { createPumpWithFill, refillBody } from '../support/clinic-fixtures';
import { createTestDatabase, startTestApp } from '../support/test-app';
import { createTestUsers, TEST_PASSWORD } from '../support/users';
import { freePort, startServerProcess } from './support/app-process';
import { API_DIR, ensureBuilt } from './support/build';
import { reportFigures } from './support/figures';

const MAIN = path.join(API_DIR, 'dist/main.js');
const DAY_MS = 86_400_000;
const PUMPS = 30;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The built API as a separate process on the given database; resolves when /api/health answers 200. */
function startServer(databaseUrl: string, port: number): Promise<ChildProcess> {
  return startServerProcess(MAIN, databaseUrl, port, {
    JWT_SECRET: 'reliability-sigkill-secret-0123456789abcdef',
    // the administrator below checks the audit chain with its password alone (MFA is tested elsewhere)
    PUMPWATCH_REQUIRE_MFA: 'none',
  });
}

describe('reliability: SIGKILL during a batch of writes', () => {
  it('after a restart every acknowledged refill is there and nothing unacknowledged is half-there', async () => {
    ensureBuilt();
    const db = await createTestDatabase();
    // fixtures through the in-process app: pumps filled 30 days ago, each with a booked refill appointment
    const clock = new FixedClock(new Date(Date.now() - 30 * DAY_MS));
    const setup = await startTestApp({ clock, databaseUrl: db.url });
    const u = await createTestUsers(setup);
    const pumpIds: string[] = [];
    for (let i = 0; i < PUMPS; i++) {
      const { pump } = await createPumpWithFill(setup, u);
      await setup.http
        .post('/api/appointments')
        .set(u.auth('staff'))
        .send({ pumpId: pump.id, at: new Date(clock.now().getTime() + 25 * DAY_MS).toISOString(), kind: 'refill' })
        .expect(201);
      pumpIds.push(pump.id);
    }
    await setup.app.close();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    let server = await startServer(db.url, port);
    const pg = new Client({ connectionString: db.url });
    try {
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'nurse@test.local', password: TEST_PASSWORD }),
      });
      const token = ((await login.json()) as { accessToken: string }).accessToken;
      const post = (pumpId: string) =>
        fetch(`${base}/api/pumps/${pumpId}/refills`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            Authorization: `Bearer ${token}`,
            'Idempotency-Key': `kill-${pumpId}`,
          },
          body: JSON.stringify(refillBody({ actualResidualMl: 8 })),
        }).then(
          async (r) => ({
            pumpId,
            status: r.status,
            id: r.status === 201 ? ((await r.json()) as { id: string }).id : undefined,
          }),
          () => ({ pumpId, status: 0, id: undefined }),
        );

      // a first wave until one refill is acknowledged, then the rest every 40 ms, SIGKILL 300 ms into that
      const results: { pumpId: string; status: number; id?: string }[] = [];
      const record = (r: { pumpId: string; status: number; id?: string }) => void results.push(r);
      const inflight = pumpIds.slice(0, 5).map((id) => post(id).then(record));
      while (!results.some((r) => r.status === 201)) await sleep(5);
      inflight.push(...pumpIds.slice(5).map((id, i) => sleep(i * 40).then(() => post(id).then(record))));
      await sleep(300);
      server.kill('SIGKILL');
      const killedAfter = results.length;
      await Promise.all(inflight);

      server = await startServer(db.url, port);
      await pg.connect();
      const acked = results.filter((r) => r.status === 201);
      const unacked = results.filter((r) => r.status !== 201);
      const rows = (
        await pg.query(
          `SELECT r.id, r.pump_id,
                (SELECT count(*)::int FROM audit_log a WHERE a.entity_id = r.id::text AND a.action = 'refill.create') AS audited,
                (SELECT count(*)::int FROM appointments ap WHERE ap.refill_id = r.id AND ap.status = 'completed') AS completed,
                (SELECT count(*)::int FROM idempotency_keys k WHERE k.key = 'kill-' || r.pump_id::text) AS keyed
           FROM refills r WHERE r.pump_id = ANY($1::uuid[]) AND r.at > $2`,
          [pumpIds, new Date(clock.now().getTime() + DAY_MS)],
        )
      ).rows as { id: string; pump_id: string; audited: number; completed: number; keyed: number }[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      for (const a of acked) expect(byId.has(a.id!)).toBe(true);
      for (const r of rows) expect([r.audited, r.completed, r.keyed]).toEqual([1, 1, 1]);
      const committedUnacked = unacked.filter((r) => rows.some((row) => row.pump_id === r.pumpId)).length;

      // retrying every unacknowledged request with its key completes the batch exactly once
      const retries = await Promise.all(unacked.map((r) => post(r.pumpId)));
      expect(retries.map((r) => r.status)).toEqual(unacked.map(() => 201));
      const [{ n }] = (
        await pg.query('SELECT count(*)::int AS n FROM refills WHERE pump_id = ANY($1::uuid[]) AND at > $2', [
          pumpIds,
          new Date(clock.now().getTime() + DAY_MS),
        ])
      ).rows as { n: number }[];
      expect(n).toBe(PUMPS);
      const [{ open }] = (
        await pg.query(
          `SELECT count(*)::int AS open FROM appointments WHERE pump_id = ANY($1::uuid[]) AND status = 'booked'`,
          [pumpIds],
        )
      ).rows as { open: number }[];
      expect(open).toBe(0);
      const admin = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email: 'admin@test.local', password: TEST_PASSWORD }),
      }).then((r) => r.json() as Promise<{ accessToken: string }>);
      const verify = (await (
        await fetch(`${base}/api/audit/verify`, { headers: { Authorization: `Bearer ${admin.accessToken}` } })
      ).json()) as { ok: boolean; entries: number };
      expect(verify.ok).toBe(true);
      reportFigures('faults.sigkill', {
        batch: PUMPS,
        acknowledgedBeforeKill: acked.length,
        responsesBeforeKill: killedAfter,
        unacknowledged: unacked.length,
        unacknowledgedButCommitted: committedUnacked,
        ackedMissing: acked.filter((a) => !byId.has(a.id!)).length,
        halfWritten: rows.filter((r) => r.audited !== 1 || r.completed !== 1 || r.keyed !== 1).length,
        retried201: retries.length,
        finalRefills: n,
        auditChainOk: verify.ok,
      });
    } finally {
      server.kill('SIGKILL');
      await pg.end().catch(() => undefined);
      await db.drop();
    }
  });
});
