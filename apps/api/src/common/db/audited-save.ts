import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { AuditInput } from '../../modules/audit/audit.service';
import { snapshot } from './write';

/** The part of AuditService a write needs: an append inside the caller's transaction. */
export interface AuditAppender {
  append(manager: EntityManager, input: AuditInput): Promise<void>;
}

/**
 * Saves a row and records the change in the audit trail in the same transaction, so neither can exist without the
 * other. `before` is the snapshot the caller took before changing the row (omit it for a new row); the entry's
 * `after` is the saved row's snapshot, or `view(saved)` where the trail records a view of the row instead.
 */
export async function auditedSave<T extends ObjectLiteral & { id: string | number }>(
  m: EntityManager,
  audit: AuditAppender,
  actor: { id: string },
  action: string,
  entityType: string,
  row: T,
  before?: unknown,
  view: (saved: T) => unknown = snapshot,
): Promise<T> {
  const saved = await m.save(row);
  await audit.append(m, {
    userId: actor.id,
    action,
    entityType,
    entityId: String(saved.id),
    before,
    after: view(saved),
  });
  return saved;
}
