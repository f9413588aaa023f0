import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  VersionColumn,
} from 'typeorm';
import { PumpEntity } from '../pumps/pump.entity';
import { InstantColumn, NumericColumn } from '../../common/db/columns';

export interface FlexStep {
  durationMinutes: number;
  doseRateMcgPerHour: number;
}

/** A programmed dose in force from `effectiveAt`; programs are never edited, only superseded. */
@Entity('dose_programs')
@Index(['pumpId', 'effectiveAt'])
export class DoseProgramEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  pumpId!: string;

  @ManyToOne(() => PumpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pump_id' })
  pump?: Relation<PumpEntity>;

  @InstantColumn()
  effectiveAt!: Date;

  @NumericColumn({ precision: 10, scale: 3, nullable: true })
  basalDoseMcgPerDay!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  flexSteps!: FlexStep[] | null;

  @NumericColumn({ precision: 10, scale: 3, nullable: true })
  bolusDoseMcg!: number | null;

  @Column({ type: 'int', nullable: true })
  maxBolusesPerDay!: number | null;

  /** Basal or flex total, stored for history charts and the next change's guard rails. */
  @NumericColumn({ precision: 10, scale: 3 })
  programmedDoseMcgPerDay!: number;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  warnings!: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  overridden!: string[];

  @Column({ type: 'text', nullable: true })
  overrideReason!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;

  @Column({ type: 'uuid', nullable: true })
  verifiedBy!: string | null;

  @InstantColumn({ nullable: true })
  verifiedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @VersionColumn()
  version!: number;
}
