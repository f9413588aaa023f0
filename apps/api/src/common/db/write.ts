import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from '../errors/domain-error';
import { jsonValue } from '../json/json-value';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function assertUuid(id: string, what = 'record'): void {
  if (!UUID.test(id)) throw new DomainError('NOT_FOUND', `No ${what} with id ${id}`);
}

/** Loads a row FOR UPDATE inside the transaction (concurrent writers queue here), or 404. */
export async function lockById<T extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  id: string,
  what: string,
): Promise<T> {
  assertUuid(id, what);
  const row = await manager.findOne(entity, { where: { id } as never, lock: { mode: 'pessimistic_write' } });
  if (!row) throw new DomainError('NOT_FOUND', `No ${what} with id ${id}`);
  return row;
}

/** Optimistic concurrency: the client's `version` must be the one it read. */
export function assertVersion(current: number, expected: number | undefined): void {
  if (expected === undefined) {
    throw new DomainError('VALIDATION_FAILED', 'version is required (send the version you read, or If-Match)', {
      errors: [{ field: 'version', problems: ['version is required'] }],
    });
  }
  if (current !== expected) {
    throw new DomainError('VERSION_CONFLICT', `This record changed since you read it (now version ${current})`, {
      currentVersion: current,
    });
  }
}

/** `If-Match: "3"` or `If-Match: 3` → 3; the body's version wins when both are given. */
export function versionFrom(bodyVersion: number | undefined, ifMatch: string | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const n = ifMatch ? Number(ifMatch.replace(/^W\//, '').replace(/"/g, '')) : NaN;
  return Number.isInteger(n) ? n : undefined;
}

/**
 * The value JSON.parse(JSON.stringify(value)) gives, made without the text in between (toJSON — Dates become ISO
 * text —, boxed primitives, non-finite numbers as null, undefined/functions/symbols left out of objects and null
 * in arrays, BigInt throws): audit snapshots of thousands of alarms per sweep batch spent most of their time there.
 */
export function jsonCopy(value: unknown, key = ''): unknown {
  const v = jsonValue(value, key);
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'bigint':
      return JSON.stringify(v); // throws, as JSON.stringify does
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) return v.map((item, i) => jsonCopy(item, String(i)) ?? null);
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v)) {
        const copy = jsonCopy((v as Record<string, unknown>)[k], k);
        if (copy === undefined) continue;
        if (k === '__proto__')
          Object.defineProperty(out, k, { value: copy, enumerable: true, writable: true, configurable: true });
        else out[k] = copy;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A JSON snapshot of an entity for the audit trail (relations left out). */
export function snapshot<T extends object>(row: T): Record<string, unknown> {
  return jsonCopy(snapshotFields(row)) as Record<string, unknown>;
}

/** The fields an audit snapshot keeps (relations left out), not copied. */
export function snapshotFields<T extends object>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (
      v !== null &&
      typeof v === 'object' &&
      !(v instanceof Date) &&
      !Array.isArray(v) &&
      k !== 'policy' &&
      k !== 'details'
    )
      continue;
    out[k] = v;
  }
  return out;
}
