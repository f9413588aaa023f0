import type { AlarmCode, AlarmPriority, AlarmStatus } from '@pumpwatch/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { PumpEntity } from '../pumps/pump.entity';
import { InstantColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';

/** One row per raised condition; never deleted. At most one unresolved row per pump and code. */
@Entity('alarms')
@Index('uq_alarms_open_per_pump_code', ['pumpId', 'code'], { unique: true, where: "status <> 'resolved'" })
@Index(['status', 'priority'])
// the board's keyset order (priority rank, raised_at, id); expression indexes made by migration AlarmBoardPaging
@Index('alarms_board_unresolved_idx', { synchronize: false })
@Index('alarms_board_resolved_idx', { synchronize: false })
// the sweep's resolved-fact lookups by pump (migration SweepFactIndex)
@Index('alarms_resolved_facts_idx', { synchronize: false })
export class AlarmEntity extends VersionedEntity {
  /** Null for a clinic-wide alarm (NOTIFICATIONS_FAILING), which belongs to no pump or patient. */
  @Column({ type: 'uuid', nullable: true })
  pumpId!: string | null;

  @ManyToOne(() => PumpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pump_id' })
  pump?: Relation<PumpEntity>;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  patientId!: string | null;

  @Column({ type: 'text' })
  code!: AlarmCode;

  @Column({ type: 'text' })
  priority!: AlarmPriority;

  @Column({ type: 'text', default: 'open' })
  status!: AlarmStatus;

  @InstantColumn()
  raisedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedBy!: string | null;

  @InstantColumn({ nullable: true })
  acknowledgedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  acknowledgeNote!: string | null;

  @InstantColumn({ nullable: true })
  snoozedUntil!: Date | null;

  @Column({ type: 'text', nullable: true })
  snoozeReason!: string | null;

  @InstantColumn({ nullable: true })
  resolvedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy!: string | null;

  @Column({ type: 'text', nullable: true })
  resolution!: string | null;

  @Column({ type: 'boolean', default: false })
  escalated!: boolean;

  @InstantColumn({ nullable: true })
  escalatedAt!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  details!: Record<string, unknown> | null;
}
