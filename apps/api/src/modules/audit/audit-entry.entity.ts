import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../../common/db/columns';

/**
 * Append-only, hash-chained (hash = sha256(prevHash + canonical entry)), each hash HMACed with a key kept outside the
 * database and anchored in an append-only file (AuditAnchor); a trigger refuses UPDATE/DELETE.
 */
@Entity('audit_log')
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'bigint', generated: 'increment' })
  seq!: string;

  @InstantColumn()
  at!: Date;

  @Column({ type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entityType!: string;

  @Index()
  @Column({ type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  @Column({ type: 'text' })
  prevHash!: string;

  @Column({ type: 'text' })
  hash!: string;

  /** HMAC-SHA256 of `hash` under the audit key (outside the database); null only for entries older than it. */
  @Column({ type: 'text', nullable: true })
  hmac!: string | null;
}
