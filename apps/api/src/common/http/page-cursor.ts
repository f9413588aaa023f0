import { createHash } from 'node:crypto';
import { INVALID_CURSOR, NEXT_CURSOR_HEADER, OVERDUE_COUNT_HEADER, TOTAL_COUNT_HEADER } from '@pumpwatch/contracts';
import { DomainError } from '../errors/domain-error';

/** Response headers of paged lists, exposed to a dashboard served from another origin (CORS). */
export const PAGE_HEADERS = [NEXT_CURSOR_HEADER, TOTAL_COUNT_HEADER, OVERDUE_COUNT_HEADER];

/** Cursors are short: a longer one was not made here. */
const MAX_CURSOR_CHARS = 512;

/**
 * A keyset cursor: the list it belongs to, a digest of the filter it was made under, and the sort key of the last
 * row handed out. Opaque to clients (base64url JSON) but not secret: it holds sort values only, never names. The
 * filter digest makes a cursor from one filter refuse to continue another filter's list, where it would silently
 * skip or repeat rows.
 */
interface CursorPayload {
  l: string;
  f: string;
  k: unknown[];
}

/** A short digest of a list's filter values, in a fixed order. */
export function filterDigest(values: (string | number | null | undefined)[]): string {
  return createHash('sha256')
    .update(JSON.stringify(values.map((v) => v ?? null)))
    .digest('base64url')
    .slice(0, 12);
}

export function encodeCursor(list: string, filter: string, key: unknown[]): string {
  const payload: CursorPayload = { l: list, f: filter, k: key };
  return Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
}

const invalid = (why: string) =>
  new DomainError(
    INVALID_CURSOR,
    `This page cursor cannot be used (${why}). Load the list again from its first page, without a cursor.`,
  );

/**
 * The sort key a cursor holds, if it was made by `list` under the same filter; `check` validates each key value
 * (types and ranges) so nothing unchecked reaches SQL. Anything else is 400 INVALID_CURSOR.
 */
export function decodeCursor(
  text: string,
  list: string,
  filter: string,
  check: (key: unknown[]) => boolean,
): unknown[] {
  if (text.length === 0 || text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) {
    throw invalid('not a cursor');
  }
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid('not a cursor');
  }
  const p = payload as Partial<CursorPayload> | null;
  if (!p || typeof p !== 'object' || p.l !== list || !Array.isArray(p.k)) throw invalid('not a cursor of this list');
  if (p.f !== filter) throw invalid('it was made for other filters');
  if (!check(p.k)) throw invalid('not a cursor of this list');
  return p.k;
}
