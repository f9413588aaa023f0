import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { DomainError } from '../errors/domain-error';

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

/** A JSON snapshot of an entity for the audit trail (relations left out). */
export function snapshot<T extends object>(row: T): Record<string, unknown> {
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
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
}
