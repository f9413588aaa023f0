import { DataSource } from 'typeorm';
import { AuditService } from '../src/modules/audit/audit.service';
import type { TestUsers } from './support/users';
import { useTestApp } from './support/suite';
import type { TestApp } from './support/test-app';

/** AuditService.appendMany: one statement for many entries, chained exactly like single appends. */
describe('audit appendMany', () => {
  let t: TestApp;
  let u: TestUsers;

  useTestApp({}, (app) => ({ t, u } = app));

  it('appends in order onto the latest entry, interleaves with append, and the chain verifies', async () => {
    const audit = t.app.get(AuditService);
    const dataSource = t.app.get(DataSource);
    const entry = (n: number) => ({
      userId: null,
      action: 'test.batch',
      entityType: 'test',
      entityId: `e${n}`,
      before: n % 2 ? null : { n, nested: { b: 2, a: 1 } },
      after: { n, at: new Date(Date.UTC(2026, 0, n)) },
    });
    await dataSource.transaction((m) => audit.appendMany(m, [1, 2, 3].map(entry)));
    await dataSource.transaction((m) => audit.append(m, entry(4)));
    await dataSource.transaction((m) => audit.appendMany(m, [5, 6].map(entry)));
    await dataSource.transaction((m) => audit.appendMany(m, []));

    const list = await t.http.get('/api/audit').set(u.auth('admin')).expect(200);
    type Entry = { entityType: string; entityId: string; seq: number; hash: string; prevHash: string; before: unknown };
    // by entity type: other entries' ids are uuids, which can start with "e" too
    const ours = (list.body as Entry[])
      .filter((e) => e.entityType === 'test' && /^e\d$/.test(e.entityId))
      .sort((a, b) => a.seq - b.seq);
    expect(ours.map((e) => e.entityId)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    for (let i = 1; i < ours.length; i++) expect(ours[i].prevHash).toBe(ours[i - 1].hash);
    expect(ours[0].before).toBeNull();
    expect(ours[1].before).toEqual({ n: 2, nested: { a: 1, b: 2 } });
    expect((await t.http.get('/api/audit/verify').set(u.auth('admin'))).body).toMatchObject({ ok: true });
  });

  it('rolls back with the transaction that appended', async () => {
    const audit = t.app.get(AuditService);
    const dataSource = t.app.get(DataSource);
    const before = (await t.http.get('/api/audit/verify').set(u.auth('admin'))).body.entries as number;
    await expect(
      dataSource.transaction(async (m) => {
        await audit.appendMany(m, [
          { userId: null, action: 'test.rollback', entityType: 'test', entityId: 'r1' },
          { userId: null, action: 'test.rollback', entityType: 'test', entityId: 'r2' },
        ]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const after = (await t.http.get('/api/audit/verify').set(u.auth('admin'))).body;
    expect(after).toMatchObject({ ok: true, entries: before });
  });

  it('appends thousands of entries in one statement, in order, storing before/after as given', async () => {
    const audit = t.app.get(AuditService);
    const dataSource = t.app.get(DataSource);
    const N = 4500; // more than one multi-row INSERT used to hold
    const entries = Array.from({ length: N }, (_, n) => ({
      userId: n % 3 ? null : u.ids.nurse,
      action: 'test.bulk',
      entityType: 'bulk',
      entityId: `b${n}`,
      before: n % 2 ? undefined : { n, text: `quote " backslash \\ é ✓ ${n}`, list: [1.5, null, { z: 1, a: 2 }] },
      after: { n, at: new Date(Date.UTC(2026, 0, 1, 0, 0, n)), none: undefined, nested: { '10': 1, '9': 2 } },
    }));
    await dataSource.transaction((m) => audit.appendMany(m, entries));
    const rows = (await dataSource.query(
      `SELECT entity_id, user_id, before, after, seq FROM audit_log WHERE entity_type = 'bulk' ORDER BY seq`,
    )) as { entity_id: string; user_id: string | null; before: unknown; after: unknown }[];
    expect(rows.map((r) => r.entity_id)).toEqual(entries.map((e) => e.entityId));
    for (const [i, r] of rows.entries()) {
      expect(r.user_id).toBe(entries[i]!.userId);
      expect(r.before).toEqual(
        entries[i]!.before === undefined ? null : JSON.parse(JSON.stringify(entries[i]!.before)),
      );
      expect(r.after).toEqual(JSON.parse(JSON.stringify(entries[i]!.after)));
    }
    expect((await t.http.get('/api/audit/verify').set(u.auth('admin'))).body).toMatchObject({ ok: true });
  });
});
