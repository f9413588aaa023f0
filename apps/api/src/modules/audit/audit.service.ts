import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntryDto } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { AuditAnchor, auditMac, type AnchorLine } from './audit-anchor';
import { AuditEntryEntity } from './audit-entry.entity';
import { entryHash, GENESIS_HASH, type HashableEntry } from './canonical';

// Serialises appends so each entry chains onto the true latest one.
const AUDIT_CHAIN_LOCK = 734_202;
const AUDIT_COLUMNS = 11;
/** 11 parameters a row: well under PostgreSQL's 65,535 bind parameters per statement. */
const AUDIT_ROWS_PER_INSERT = 2000;

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
   * hash, the chain computed in memory (same entry hash as `append`, so /api/audit/verify holds), and one
   * multi-row INSERT per AUDIT_ROWS_PER_INSERT entries. Within a statement rows take their `seq` in VALUES order.
   */
  async appendMany(manager: EntityManager, inputs: AuditInput[]): Promise<void> {
    if (!inputs.length) return;
    await manager.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_CHAIN_LOCK]);
    const [last] = (await manager.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1')) as { hash: string }[];
    let prevHash = last?.hash ?? GENESIS_HASH;
    const at = this.clock.now().toISOString();
    const rows: unknown[][] = [];
    for (const input of inputs) {
      const entry: HashableEntry = {
        id: randomUUID(),
        at,
        userId: input.userId,
        action: input.action,
        entityType: input.entityType,
        entityId: input.entityId,
        before: toJson(input.before),
        after: toJson(input.after),
      };
      const hash = entryHash(prevHash, entry);
      rows.push([
        entry.id,
        entry.at,
        entry.userId,
        entry.action,
        entry.entityType,
        entry.entityId,
        jsonb(entry.before),
        jsonb(entry.after),
        prevHash,
        hash,
        auditMac(this.anchor.key, hash),
      ]);
      prevHash = hash;
    }
    for (let i = 0; i < rows.length; i += AUDIT_ROWS_PER_INSERT) {
      const chunk = rows.slice(i, i + AUDIT_ROWS_PER_INSERT);
      const values = chunk.map((_, r) => {
        const b = r * AUDIT_COLUMNS;
        return `($${b + 1}::uuid, $${b + 2}::timestamptz, $${b + 3}::uuid, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}::jsonb, $${b + 8}::jsonb, $${b + 9}, $${b + 10}, $${b + 11})`;
      });
      await manager.query(
        `INSERT INTO audit_log (id, at, user_id, action, entity_type, entity_id, before, after, prev_hash, hash, hmac)
         VALUES ${values.join(', ')}`,
        chunk.flat(),
      );
    }
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

const toJson = (v: unknown): unknown => (v === undefined ? null : JSON.parse(JSON.stringify(v)));
/** jsonb parameter text; SQL NULL for null, as the entity insert stored it. */
const jsonb = (v: unknown): string | null => (v === null ? null : JSON.stringify(v));

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
