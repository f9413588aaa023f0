import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same entry always hashes the same. */
export function canonicalJson(value: unknown): string {
  const normalised = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  return JSON.stringify(sortKeys(normalised));
}

export interface HashableEntry {
  id: string;
  at: string;
  userId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

export function entryHash(prevHash: string, entry: HashableEntry): string {
  return createHash('sha256')
    .update(prevHash + canonicalJson(entry))
    .digest('hex');
}
