import { snapshotFields } from '../../common/db/write';
import type { AuditInput } from '../audit/audit.service';
import { CanonicalJson, canonicalJson } from '../audit/canonical';
import type { AlarmEntity } from './alarm.entity';

/**
 * An alarm's audit snapshot as it is now, rendered at once as the audit trail's canonical JSON: the entity may
 * change again later in the batch (escalated), and rendering once replaces a copy now and a rendering later.
 */
export const auditSnapshot = (alarm: AlarmEntity): CanonicalJson => new CanonicalJson(alarmSnapshotText(alarm));

/** The sweep's audit entry of one alarm change (no user: the engine made it), its `after` the alarm as it is now. */
export function alarmAudit(a: AlarmEntity, action: string, before: CanonicalJson | null): AuditInput {
  return { userId: null, action, entityType: 'alarm', entityId: a.id, before, after: auditSnapshot(a) };
}

/** The canonical order of one entity shape's own keys, each with its rendered `"key":` prefix. */
interface Shape {
  /** The own keys in insertion order, as Object.keys lists them (how a shape is recognised). */
  own: string[];
  /** The keys in canonical (code-unit) order, and each one's `"key":` text. */
  sorted: { key: string; prefix: string }[];
}
/** Alarm entities come in one shape (the class's fields, in declaration order): remembered after the first. */
let shape: Shape | null = null;
/** An array-index key would go first in the canonical order, in numeric order: such a shape takes the generic path. */
const INDEX_LIKE = /^\d+$/;

function shapeOf(own: string[]): Shape | null {
  if (shape && shape.own.length === own.length && shape.own.every((k, i) => k === own[i])) return shape;
  if (own.some((k) => INDEX_LIKE.test(k))) return null;
  shape = { own, sorted: [...own].sort().map((key) => ({ key, prefix: `${JSON.stringify(key)}:` })) };
  return shape;
}

/**
 * Exactly canonicalJson(snapshotFields(alarm)) (alarm-audit.spec.ts holds it to that over random alarms), rendered
 * without the generic path's per-object key sort, copy and per-field strings: the first-ever sweep of a clinic
 * renders ~50,000 of these inside its write transactions. Values of any kind the columns do not hold fall back to
 * the generic path.
 */
export function alarmSnapshotText(alarm: AlarmEntity): string {
  const known = shapeOf(Object.keys(alarm));
  if (!known) return canonicalJson(snapshotFields(alarm));
  const fields = alarm as unknown as Record<string, unknown>;
  const parts: string[] = [];
  for (const { key, prefix } of known.sorted) {
    const v = fields[key];
    if (v === undefined) continue;
    if (v === null) parts.push(`${prefix}null`);
    else if (typeof v === 'string') parts.push(prefix + JSON.stringify(v));
    else if (typeof v === 'boolean') parts.push(v ? `${prefix}true` : `${prefix}false`);
    else if (typeof v === 'number') parts.push(prefix + (Number.isFinite(v) ? JSON.stringify(v) : 'null'));
    // an ISO instant needs no JSON escaping; an invalid Date renders as JSON.stringify does (null)
    else if (v instanceof Date)
      parts.push(Number.isNaN(v.getTime()) ? `${prefix}null` : `${prefix}"${v.toISOString()}"`);
    else if (typeof v === 'object') {
      // snapshotFields keeps arrays, details and policy of the object-valued fields (relations are left out)
      if (Array.isArray(v) || key === 'details' || key === 'policy') parts.push(prefix + canonicalJson(v));
    } else return canonicalJson(snapshotFields(alarm)); // bigint, function, symbol: the generic rules
  }
  return `{${parts.join(',')}}`;
}
