import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { FixedClock } from '../../src/common/clock/clock';
import { createPatient, createPump, createPumpWithFill, refillBody } from '../support/clinic-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { createTestUsers, type TestUsers } from '../support/users';
import { reportFigures } from './support/figures';

const DAY_MS = 86_400_000;
const CLIENTS = 50;

/**
 * Concurrent writers over real HTTP (the app listens on a port; every client is its own request): optimistic
 * versions under contention, Idempotency-Key bursts.
 */
describe('reliability: concurrent writers', () => {
  const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));
  let a: TestApp;
  let u: TestUsers;
  let base: string;

  beforeAll(async () => {
    a = await startTestApp({ clock });
    u = await createTestUsers(a);
    await a.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(a.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(async () => {
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

  it(`${CLIENTS} clients PATCH one patient with the same version: one wins per round, the rest 409`, async () => {
    const patient = await createPatient(a, u);
    const rounds = 3;
    let version = patient.version;
    let winners = 0;
    let conflicts = 0;
    let lastWinnerNote = '';
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          request(base)
            .patch(`/api/patients/${patient.id}`)
            .set(u.auth(i % 2 ? 'nurse' : 'physician'))
            .send({ notes: `round ${round} client ${i}`, version }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      const stale = results.filter((r) => r.status === 409);
      expect(ok).toHaveLength(1);
      expect(stale).toHaveLength(CLIENTS - 1);
      for (const r of stale) expect(r.body).toMatchObject({ statusCode: 409, code: 'VERSION_CONFLICT' });
      expect(ok[0].body.version).toBe(version + 1);
      winners += ok.length;
      conflicts += stale.length;
      lastWinnerNote = ok[0].body.notes as string;
      version += 1;
    }
    const final = await request(base).get(`/api/patients/${patient.id}`).set(u.auth('staff')).expect(200);
    expect(final.body).toMatchObject({ version, notes: lastWinnerNote });
    expect(await auditActions(patient.id, 'patient.update')).toBe(rounds);
    reportFigures('concurrency.patient-same-version', {
      clients: CLIENTS,
      rounds,
      requests: CLIENTS * rounds,
      winners,
      conflicts409: conflicts,
      auditEntries: rounds,
    });
  });

  it(`${CLIENTS} clients PATCH one pump with the same version: the row holds exactly the winner's value`, async () => {
    const patient = await createPatient(a, u);
    const pump = await createPump(a, u, patient.id);
    let version = pump.version;
    const rounds = 1;
    let conflicts = 0;
    for (let round = 0; round < rounds; round++) {
      const results = await Promise.all(
        Array.from({ length: CLIENTS }, (_, i) =>
          request(base)
            .patch(`/api/pumps/${pump.id}`)
            .set(u.auth(i % 2 ? 'admin' : 'physician'))
            // every client of every round writes a different value, so a no-op save cannot pass for a win
            .send({ lowReservoirAlarmMl: Math.round((0.5 + (round * CLIENTS + i) * 0.05) * 100) / 100, version }),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      expect(ok).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(CLIENTS - 1);
      conflicts += CLIENTS - 1;
      const got = await request(base).get(`/api/pumps/${pump.id}`).set(u.auth('staff')).expect(200);
      expect(got.body.lowReservoirAlarmMl).toBe(ok[0].body.lowReservoirAlarmMl);
      expect(got.body.version).toBe(version + 1);
      version += 1;
    }
    expect(await auditActions(pump.id, 'pump.update')).toBe(rounds);
    const chain = await verifyChain();
    expect(chain.ok).toBe(true);
    reportFigures('concurrency.pump-same-version', {
      clients: CLIENTS,
      rounds,
      requests: CLIENTS * rounds,
      winners: rounds,
      conflicts409: conflicts,
      auditChainOk: chain.ok,
      auditEntries: chain.entries,
    });
  });

  it('20 concurrent identical refill POSTs from one nurse with one key: one row, every response the same', async () => {
    const { pump } = await createPumpWithFill(a, u);
    clock.advance(30 * DAY_MS);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        request(base)
          .post(`/api/pumps/${pump.id}/refills`)
          .set(u.auth('nurse'))
          .set('Idempotency-Key', 'reliability-burst-one-caller')
          .send(refillBody({ actualResidualMl: 8 })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    // replays come from the stored jsonb (keys reordered), so compare values, not text
    for (const r of results) expect(r.body).toEqual(results[0].body);
    const [{ n: rows }] = (await db().query('SELECT count(*)::int AS n FROM refills WHERE pump_id = $1', [
      pump.id,
    ])) as { n: number }[];
    expect(rows).toBe(2);
    expect(await auditActions(results[0].body.id as string, 'refill.create')).toBe(1);
    reportFigures('concurrency.refill-idempotency', {
      posts: 20,
      status201: 20,
      distinctResponses: 1,
      refillRowsAdded: rows - 1,
      auditEntries: 1,
    });
  });
});
