import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/config';

/** One line of the anchor log: the audit log's size and last hash at a moment, sealed with the audit key. */
export interface AnchorLine {
  /** `start`: first line, written when anchoring begins; `anchor`: every later one. */
  kind: 'start' | 'anchor';
  at: string;
  /** Entries that predate per-entry HMACs (start line only): only the first this many may lack one. */
  legacyEntries?: number;
  entries: number;
  lastSeq: string | null;
  lastId: string | null;
  lastHash: string | null;
  mac: string;
}

export type AnchorRead = { lines: AnchorLine[]; invalidLine: number | null };

/** HMAC-SHA256 under the audit key, hex. */
export const auditMac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('hex');

const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

const lineMac = (key: Buffer, line: Omit<AnchorLine, 'mac'>) =>
  auditMac(
    key,
    JSON.stringify([
      line.kind,
      line.at,
      line.legacyEntries ?? null,
      line.entries,
      line.lastSeq,
      line.lastId,
      line.lastHash,
    ]),
  );

/**
 * The audit log's anchor outside the database: a file, only ever appended to, with the number of entries and the
 * last hash every so often. Whoever can write the database can delete the newest entries (the chain that remains
 * is still valid) or rewrite history and recompute the whole SHA-256 chain; the anchors show the first (fewer
 * entries than once recorded) and the per-entry HMAC, made with a key that is not in the database, the second.
 * One file per database (`audit-anchor-<database>.log`), in PUMPWATCH_AUDIT_ANCHOR_DIR (the data folder).
 */
@Injectable()
export class AuditAnchor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AuditAnchor');
  private file: string | null = null;
  private timer: NodeJS.Timeout | undefined;
  private lastWritten: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get key(): Buffer {
    return this.config.security.auditKey;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.anchorNow();
    const everyMs = this.config.security.auditAnchorSeconds * 1000;
    if (everyMs > 0) {
      this.timer = setInterval(() => void this.anchorNow().catch((e: Error) => this.logger.warn(e.message)), everyMs);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.anchorNow().catch(() => undefined); // the database may already be gone
  }

  /** Appends the current size and last hash (a `start` line first, when the file is new); skips an unchanged one. */
  async anchorNow(): Promise<AnchorLine | null> {
    const file = await this.path();
    const [state] = (await this.dataSource.query(
      `SELECT (SELECT count(*)::int FROM audit_log) AS entries,
              l.seq::text AS "lastSeq", l.id AS "lastId", l.hash AS "lastHash"
         FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT seq, id, hash FROM audit_log ORDER BY seq DESC LIMIT 1) l ON true`,
    )) as { entries: number; lastSeq: string | null; lastId: string | null; lastHash: string | null }[];
    const isNew = !fs.existsSync(file);
    // entries written before per-entry HMACs existed (an upgraded installation): recorded once, at the start
    const legacy = isNew
      ? (
          (await this.dataSource.query('SELECT count(*)::int AS n FROM audit_log WHERE hmac IS NULL')) as {
            n: number;
          }[]
        )[0]!.n
      : 0;
    const fingerprint = `${state!.entries}|${state!.lastHash}`;
    if (!isNew && fingerprint === this.lastWritten) return null;
    const body: Omit<AnchorLine, 'mac'> = {
      kind: isNew ? 'start' : 'anchor',
      at: new Date().toISOString(),
      ...(isNew ? { legacyEntries: legacy } : {}),
      entries: state!.entries,
      lastSeq: state!.lastSeq,
      lastId: state!.lastId,
      lastHash: state!.lastHash,
    };
    const line: AnchorLine = { ...body, mac: lineMac(this.key, body) };
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`, { mode: 0o600, flag: 'a' });
    this.lastWritten = fingerprint;
    return line;
  }

  /** Every line of this database's anchor file; the first whose seal does not hold is reported. */
  async read(): Promise<AnchorRead> {
    const file = await this.path();
    if (!fs.existsSync(file)) return { lines: [], invalidLine: null };
    const lines: AnchorLine[] = [];
    const text = fs.readFileSync(file, 'utf8');
    for (const [i, raw] of text.split('\n').entries()) {
      if (!raw.trim()) continue;
      try {
        const line = JSON.parse(raw) as AnchorLine;
        const { mac, ...body } = line;
        if (typeof mac !== 'string' || !sameHex(mac, lineMac(this.key, body))) return { lines, invalidLine: i + 1 };
        lines.push(line);
      } catch {
        return { lines, invalidLine: i + 1 };
      }
    }
    return { lines, invalidLine: null };
  }

  async path(): Promise<string> {
    if (!this.file) {
      const [{ db }] = (await this.dataSource.query('SELECT current_database() AS db')) as { db: string }[];
      const safe = db.replace(/[^A-Za-z0-9_.-]/g, '_');
      this.file = path.join(this.config.security.auditAnchorDir, `audit-anchor-${safe}.log`);
    }
    return this.file;
  }
}
