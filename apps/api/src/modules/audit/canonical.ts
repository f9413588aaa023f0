import { createHash } from 'node:crypto';
import { jsonValue } from '../../common/json/json-value';

/** A canonical array index ("0", "7", "42"): JavaScript objects list such keys first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
const isIndexKey = (k: string) => INDEX_KEY.test(k) && Number(k) < 4294967295;

/** Key order of the canonical form: array-index keys numerically first, then the others by code unit. */
function canonicalKeyOrder(keys: string[]): string[] {
  keys.sort();
  if (!keys.some(isIndexKey)) return keys;
  const index = keys.filter(isIndexKey).sort((a, b) => Number(a) - Number(b));
  return [...index, ...keys.filter((k) => !isIndexKey(k))];
}

/**
 * A value already rendered as canonical JSON (an audit snapshot taken at the moment of a change, before the entity
 * changes again): rendered once, hashed and stored as that text. Serialises as the value it renders.
 */
export class CanonicalJson {
  constructor(readonly text: string) {}
  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/**
 * The canonical JSON text of a value, or undefined where JSON.stringify leaves a property out (undefined, a
 * function, a symbol). Values are taken as JSON.stringify takes them (toJSON, e.g. Dates; boxed primitives;
 * non-finite numbers as null; BigInt throws).
 */
function canonicalText(value: unknown, key: string): string | undefined {
  if (value instanceof CanonicalJson) return value.text;
  const v = jsonValue(value, key);
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(v); // throws, as JSON.stringify does
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) return `[${v.map((item, i) => canonicalText(item, String(i)) ?? 'null').join(',')}]`;
      const o = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const k of canonicalKeyOrder(Object.keys(o))) {
        const text = canonicalText(o[k], k);
        if (text !== undefined) parts.push(`${JSON.stringify(k)}:${text}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      return undefined;
  }
}

/**
 * JSON with object keys sorted at every level: the same entry always hashes the same. Rendered in one pass, with
 * exactly the text of JSON.stringify over a JSON round trip with sorted keys (a property test holds it to that).
 */
export function canonicalJson(value: unknown): string {
  return canonicalText(value ?? null, '') ?? 'null';
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
  return entryHashOfText(prevHash, canonicalJson(entry));
}

/** sha256 of the previous hash followed by the entry's canonical text (fed in two parts: no joined copy). */
export function entryHashOfText(prevHash: string, entryText: string): string {
  return createHash('sha256').update(prevHash).update(entryText).digest('hex');
}

/**
 * canonicalJson of an entry whose `before` and `after` are already canonical texts (rendered once, for the hash
 * and for the stored jsonb alike). The same text as canonicalJson({ ...entry, before, after }).
 */
export function canonicalEntryText(
  entry: Omit<HashableEntry, 'before' | 'after'>,
  beforeText: string,
  afterText: string,
): string {
  const parts: [string, string][] = [
    ['after', afterText],
    ['before', beforeText],
  ];
  for (const k of ['action', 'at', 'entityId', 'entityType', 'id', 'userId'] as const) {
    const text = canonicalText(entry[k], k);
    if (text !== undefined) parts.push([k, text]);
  }
  // no entry key is an array index: code-unit order
  parts.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return `{${parts.map(([k, text]) => `${JSON.stringify(k)}:${text}`).join(',')}}`;
}
