import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, type Relation } from 'typeorm';
import { PumpEntity } from '../pumps/pump.entity';

/**
 * Change tracking for every pump (one row per pump). Database triggers (migration PumpChangeTracking) give
 * `input_seq` a new value from the `pump_input_seq` sequence, in the writing transaction, whenever anything the
 * projection or the alarm engine reads about the pump changes: the pump, its patient, refills, dose programs,
 * appointments, pump events, and alarm actions by users. The alarm evaluator records which `input_seq` it
 * evaluated and when the pump's alarms can next change with time alone; read caches key on `input_seq`.
 */
@Entity('pump_eval_state')
export class PumpEvalStateEntity {
  @PrimaryColumn({ type: 'uuid' })
  pumpId!: string;

  @OneToOne(() => PumpEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'pump_id' })
  pump?: Relation<PumpEntity>;

  /** Bumped by triggers on every input change (bigint: arrives as text). */
  @Column({ type: 'bigint', default: 0 })
  inputSeq!: string;

  /** The `input_seq` the evaluator last reconciled (-1: never). */
  @Column({ type: 'bigint', default: -1 })
  evaluatedSeq!: string;

  /** clinic_settings.version at that evaluation (policy or zone changes re-evaluate every pump). */
  @Column({ type: 'int', nullable: true })
  evaluatedSettingsVersion!: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  evaluatedAt!: Date | null;

  /** Earliest instant at which the pump's alarms could change with no input change (null: evaluate next sweep). */
  @Column({ type: 'timestamptz', nullable: true })
  nextCheckAt!: Date | null;
}
