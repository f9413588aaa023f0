import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntryDto } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AuditAnchor, auditMac, type AnchorLine } from './audit-anchor';
import { AuditEntryEntity } from './audit-entry.entity';
import { canonicalEntryText, canonicalJson, entryHash, entryHashOfText, GENESIS_HASH } from './canonical';

// Serialises appends so each entry chains onto the true latest one.
const AUDIT_CHAIN_LOCK = 734_202;

/** GET /api/audit/verify: `{ ok: true, entries }`, or where and why the log no longer holds. */
export type AuditVerification =
  | { ok: true; entries: number }
  | {
      ok: false;
      /** The first entry that fails; for TRUNCATED the last anchored entry, now missing; null for ANCHOR_INVALID. */
      firstBrokenId: string | null;
      entries: number;
      reason: 'CHAIN_BROKEN' | 'HMAC_MISMATCH' | 'ANCHOR_MISMATCH' | 'TRUNCATED' | 'ANCHOR_INVALID';
      anchoredEntries?: number;
      anchorLine?: number;
    };

export interface AuditInput {
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly anchor: AuditAnchor,
  ) {}

  /** Appends inside the caller's transaction: the entry commits or rolls back with the change it records. */
  async append(manager: EntityManager, input: AuditInput): Promise<void> {
    await this.appendMany(manager, [input]);
  }

  /**
   * Appends entries in the given order inside the caller's transaction: one chain lock, one read of the latest
   * hash, the chain computed in memory in one pass (each before/after rendered once as canonical JSON, hashed into
   * the entry's hash and stored as that same text; the same hashes as `append`, so /api/audit/verify holds), and
   * one INSERT for all entries: columns as arrays, before/after as one JSON array each, in order (`seq` follows).
   */
  async appendMany(manager: EntityManager, inputs: AuditInput[]): Promise<void> {
    if (!inputs.length) return;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = (await manager.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')) as { hash: string }[];
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = this.clock.now().toISOString();
    const n = inputs.length;
    const ids = new Array<string>(n);
    const userIds = new Array<string | null>(n);
    const actions = new Array<string>(n);
    const entityTypes = new Array<string>(n);
    const entityIds = new Array<string>(n);
    const befores = new Array<string>(n);
    const afters = new Array<string>(n);
    const prevHashes = new Array<string>(n);
    const hashes = new Array<string>(n);
    const macs = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const input = inputs[i]!;
      const entry = {
        id: randomUUID(),
        at,
        userId: input.userId,
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
      };
      // undefined is recorded as null, as a JSON round trip of the entry would
      const beforeText = canonicalJson(input.before);
      const afterText = canonicalJson(input.after);
      const hash = entryHashOfText(prevHash, canonicalEntryText(entry, beforeText, afterText));
      ids[i] = entry.id;
      userIds[i] = entry.userId;
      actions[i] = entry.action;
      entityTypes[i] = entry.entityType;
      entityIds[i] = entry.entityId;
      befores[i] = beforeText;
      afters[i] = afterText;
      prevHashes[i] = prevHash;
      hashes[i] = hash;
      macs[i] = auditMac(this.anchor.key, hash);
      prevHash = hash;
    }
    // JSON null is stored as SQL NULL, as before; the arrays are zipped in order and rows take their seq in it
    await manager.query(
      `INSERT INTO audit_log (id, at, user_id, action, entity_type, entity_id, before, after, prev_hash, hash, hmac)
       SELECT v.id, $2::timestamptz, v.user_id, v.action, v.entity_type, v.entity_id,
              nullif(v.before, 'null'::jsonb), nullif(v.after, 'null'::jsonb), v.prev_hash, v.hash, v.hmac
         FROM ROWS FROM (
                unnest($1::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $9::text[], $10::text[], $11::text[]),
                jsonb_array_elements($7::jsonb),
                jsonb_array_elements($8::jsonb)
              ) WITH ORDINALITY AS v(id, user_id, action, entity_type, entity_id, prev_hash, hash, hmac, before, after, ord)
        ORDER BY v.ord`,
      [
        ids,
        at,
        userIds,
        actions,
        entityTypes,
        entityIds,
        `[${befores.join(',')}]`,
        `[${afters.join(',')}]`,
        prevHashes,
        hashes,
        macs,
      ],
    );
  }

  async list(filter: { entityId?: string; limit?: number }): Promise<AuditEntryDto[]> {
    const qb = this.dataSource.getRepository(AuditEntryEntity).createQueryBuilder('a').orderBy('a.seq', 'DESC');
    if (filter.entityId) qb.where('a.entity_id = :id', { id: filter.entityId });
    const rows = await qb.take(Math.min(filter.limit ?? 500, 5000)).getMany();
    return rows.map(toDto);
  }

  /**
   * Walks the chain in order and holds it against the anchor log: the first entry whose link, content or HMAC does
   * not match (a history rewritten, even with a recomputed chain), or — when the log holds fewer entries than once
   * anchored — the last anchored entry, now missing (the newest entries were deleted). A clean chain is anchored.
   */
  async verify(): Promise<AuditVerification> {
    const anchors = await this.anchor.read();
    if (anchors.invalidLine !== null) {
      return { ok: false, firstBrokenId: null, entries: 0, reason: 'ANCHOR_INVALID', anchorLine: anchors.invalidLine };
    }
    const legacyEntries = anchors.lines[0]?.kind === 'start' ? (anchors.lines[0].legacyEntries ?? 0) : 0;
    const anchoredHash = new Map(anchors.lines.filter((l) => l.lastSeq).map((l) => [l.lastSeq!, l.lastHash!]));
    const furthest = anchors.lines.reduce<AnchorLine | null>((m, l) => (!m || l.entries > m.entries ? l : m), null);
    const key = this.anchor.key;
    const repo = this.dataSource.getRepository(AuditEntryEntity);
    let prevHash = GENESIS_HASH;
    let entries = 0;
    let lastSeq = '0';
    for (;;) {
      const batch = await repo
        .createQueryBuilder('a')
        .where('a.seq > :lastSeq', { lastSeq })
        .orderBy('a.seq', 'ASC')
        .take(2000)
        .getMany();
      if (!batch.length) {
        if (furthest && entries < furthest.entries) {
          return {
            ok: false,
            firstBrokenId: furthest.lastId,
            entries,
            reason: 'TRUNCATED',
            anchoredEntries: furthest.entries,
          };
        }
        await this.anchor.anchorNow();
        return { ok: true, entries };
      }
      for (const row of batch) {
        const expected = entryHash(prevHash, {
          id: row.id,
          at: row.at.toISOString(),
          userId: row.userId,
          action: row.action,
          entityType: row.entityType,
          entityId: row.entityId,
          before: row.before,
          after: row.after,
        });
        if (row.prevHash !== prevHash || row.hash !== expected) {
          return { ok: false, firstBrokenId: row.id, entries, reason: 'CHAIN_BROKEN' };
        }
        // without the key no one can make a valid HMAC: a chain recomputed after a rewrite fails here
        const hmacOk = row.hmac === null ? entries < legacyEntries : row.hmac === auditMac(key, row.hash);
        if (!hmacOk) return { ok: false, firstBrokenId: row.id, entries, reason: 'HMAC_MISMATCH' };
        const anchored = anchoredHash.get(row.seq);
        if (anchored !== undefined && anchored !== row.hash) {
          return { ok: false, firstBrokenId: row.id, entries, reason: 'ANCHOR_MISMATCH' };
        }
        prevHash = row.hash;
        entries++;
        lastSeq = row.seq;
      }
    }
  }
}

function toDto(row: AuditEntryEntity): AuditEntryDto {
  return {
    id: row.id,
    seq: Number(row.seq),
    at: row.at.toISOString(),
    userId: row.userId,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    hash: row.hash,
    prevHash: row.prevHash,
  };
}
