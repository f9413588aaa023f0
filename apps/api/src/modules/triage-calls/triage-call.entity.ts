import type {
  OralBackupPlanDto,
  TriageAction,
  TriageCaller,
  TriageOutcome,
  TriageReason,
  TriageSuspected,
  TriageSymptom,
  TriageUrgency,
} from '@pumpwatch/contracts';
import type { PumpTriageContext } from '@pumpwatch/domain';
import { Column, Entity, Index } from 'typeorm';
import { InstantColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';

/**
 * A call about symptoms, as taken: what was reported, what the engine was told about the pump, and its answer
 * (kept as given at the time, never recomputed). Open until an outcome is recorded; never deleted.
 */
@Entity('triage_calls')
@Index(['patientId', 'at'])
export class TriageCallEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  patientId!: string;

  /** The patient's active pump at the call (null: none on record); carries the TRIAGE_OPEN alarm. */
  @Column({ type: 'uuid', nullable: true })
  pumpId!: string | null;

  @InstantColumn()
  at!: Date;

  @Column({ type: 'text' })
  caller!: TriageCaller;

  @Column({ type: 'text', array: true })
  symptoms!: TriageSymptom[];

  @Column({ type: 'boolean' })
  pumpAlarmHeard!: boolean;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'text' })
  urgency!: TriageUrgency;

  @Column({ type: 'text' })
  suspected!: TriageSuspected;

  @Column({ type: 'text', array: true })
  reasons!: TriageReason[];

  @Column({ type: 'text', array: true })
  actions!: TriageAction[];

  @Column({ type: 'jsonb' })
  context!: PumpTriageContext;

  @Column({ type: 'boolean' })
  projectionAvailable!: boolean;

  @Column({ type: 'boolean' })
  highRisk!: boolean;

  /** The plan on record when the call was taken (what the nurse could advise). */
  @Column({ type: 'jsonb', nullable: true })
  oralBackupPlan!: OralBackupPlanDto | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @Column({ type: 'text', nullable: true })
  outcome!: TriageOutcome | null;

  @Column({ type: 'text', nullable: true })
  outcomeNotes!: string | null;

  @InstantColumn({ nullable: true })
  closedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  closedBy!: string | null;
}
