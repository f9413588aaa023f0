import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { resolveKey } from '../src/common/crypto/key-file';
import { AuditAnchor } from '../src/modules/audit/audit-anchor';
import { entryHash, GENESIS_HASH } from '../src/modules/audit/canonical';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestUsers, type TestUsers } from './support/users';

interface Row {
  id: string;
  seq: string;
  at: Date;
  user_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: unknown;
  after: unknown;
  hash: string;
}

/**
 * Someone with write access to the database (a superuser past the append-only trigger) but not to the server's
 * files: they can delete entries or rewrite them and recompute the public SHA-256 chain, but not the HMAC key.
 */
describe('audit anchoring: per-entry HMAC under a key outside the database, append-only anchor log', () => {
  let t: TestApp;
  let u: TestUsers;
  let anchorDir: string;

  beforeEach(async () => {
    anchorDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-anchor-'));
    t = await startTestApp({ env: { PUMPWATCH_AUDIT_ANCHOR_DIR: anchorDir, PUMPWATCH_AUDIT_KEY: 'test-audit-key' } });
    u = await createTestUsers(t);
    for (let i = 0; i < 3; i++) {
      await t.http
        .post('/api/drug-library')
        .set(u.auth('admin'))
        .send({ name: `Anchored ${i}`, concentrationMcgPerMl: 1500 + i, maxRefillIntervalDays: 60 })
        .expect(201);
    }
  });
  afterEach(async () => {
    await t.close();
    fs.rmSync(anchorDir, { recursive: true, force: true });
  });

  const verify = async () => (await t.http.get('/api/audit/verify').set(u.auth('admin')).expect(200)).body;

  async function asSuperuser<T>(fn: (pg: Client) => Promise<T>): Promise<T> {
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      await pg.query('SET session_replication_role = replica'); // past the append-only triggers
      return await fn(pg);
    } finally {
      await pg.end();
    }
  }

  const rows = () => asSuperuser(async (pg) => (await pg.query('SELECT * FROM audit_log ORDER BY seq')).rows as Row[]);

  it('a clean log verifies and is anchored: entries and last hash appended to the anchor file', async () => {
    const ok = await verify();
    const all = await rows();
    expect(ok).toEqual({ ok: true, entries: all.length });
    const file = await t.app.get(AuditAnchor).path();
    expect(path.dirname(file)).toBe(anchorDir);
    const lines = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ kind: 'start', legacyEntries: 0 });
    expect(lines.at(-1)).toMatchObject({ entries: all.length, lastId: all.at(-1)!.id, lastHash: all.at(-1)!.hash });
    expect(all.every((r) => typeof (r as unknown as { hmac: string }).hmac === 'string')).toBe(true);
  });

  it('detects truncation: the newest entries deleted leave a valid chain, but fewer entries than anchored', async () => {
    expect((await verify()).ok).toBe(true); // anchors the current size
    const all = await rows();
    await asSuperuser((pg) => pg.query('DELETE FROM audit_log WHERE seq > $1', [all.at(-3)!.seq]));
    const res = await verify();
    expect(res).toMatchObject({
      ok: false,
      reason: 'TRUNCATED',
      firstBrokenId: all.at(-1)!.id,
      entries: all.length - 2,
      anchoredEntries: all.length,
    });
  });

  it('detects a history rewritten with the SHA-256 chain recomputed (no key, no valid HMAC)', async () => {
    // no verify first: only the start line is anchored, so the HMACs alone must catch it
    const all = await rows();
    const target = all.findIndex((r) => r.action === 'drug-library.create');
    await asSuperuser(async (pg) => {
      let prev = target === 0 ? GENESIS_HASH : all[target - 1]!.hash;
      for (const [i, r] of all.entries()) {
        if (i < target) continue;
        const after = i === target ? { ...(r.after as object), concentrationMcgPerMl: 15000 } : r.after;
        const hash = entryHash(prev, {
          id: r.id,
          at: r.at.toISOString(),
          userId: r.user_id,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          before: r.before,
          after,
        });
        // the forger's best guess at an HMAC, and the column left empty as if the entry were older than HMACs
        const hmac = i === target ? null : hash;
        await pg.query('UPDATE audit_log SET after = $2, prev_hash = $3, hash = $4, hmac = $5 WHERE id = $1', [
          r.id,
          JSON.stringify(after),
          prev,
          hash,
          hmac,
        ]);
        prev = hash;
      }
    });
    const res = await verify();
    expect(res).toMatchObject({ ok: false, reason: 'HMAC_MISMATCH', firstBrokenId: all[target]!.id });
  });

  it('a tampered anchor line is reported; the key file is created 0600 in the data folder when no key is given', async () => {
    const file = await t.app.get(AuditAnchor).path();
    await verify();
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const forged = JSON.parse(lines.at(-1)!) as { entries: number };
    fs.appendFileSync(file, `${JSON.stringify({ ...forged, entries: forged.entries - 1 })}\n`);
    expect(await verify()).toMatchObject({ ok: false, reason: 'ANCHOR_INVALID', anchorLine: lines.length + 1 });

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-key-'));
    const key = resolveKey(undefined, dataDir, 'audit-key');
    expect(key).toHaveLength(32);
    expect(fs.statSync(path.join(dataDir, 'audit-key')).mode & 0o777).toBe(0o600);
    expect(resolveKey(undefined, dataDir, 'audit-key').equals(key)).toBe(true);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
