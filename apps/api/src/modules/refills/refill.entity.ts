import type { DiscrepancyKind } from '@pumpwatch/contracts';
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
import { InstantColumn, LocalDateColumn, NumericColumn } from '../../common/db/columns';

/** A recorded refill with the engine's check stored beside it (expected residual, discrepancy). */
@Entity('refills')
@Index(['pumpId', 'at'])
export class RefillEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  pumpId!: string;

  @ManyToOne(() => PumpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pump_id' })
  pump?: Relation<PumpEntity>;

  @InstantColumn()
  at!: Date;

  /** Null only for a refill imported from a clinic's records: measured before PumpWatch, not known to it. */
  @NumericColumn({ precision: 6, scale: 2, nullable: true })
  actualResidualMl!: number | null;

  @NumericColumn({ precision: 6, scale: 2 })
  volumeAddedMl!: number;

  @NumericColumn({ precision: 10, scale: 2 })
  concentrationMcgPerMl!: number;

  /** Null for an imported refill (see actualResidualMl). */
  @NumericColumn({ precision: 10, scale: 2, nullable: true })
  programmedConcentrationMcgPerMl!: number | null;

  /** Null for an imported refill (see actualResidualMl). */
  @Column({ type: 'boolean', nullable: true })
  needlePositionConfirmed!: boolean | null;

  @Column({ type: 'uuid', nullable: true })
  drugLibraryId!: string | null;

  @Column({ type: 'int', nullable: true })
  beyondUseDays!: number | null;

  @NumericColumn({ precision: 8, scale: 3, nullable: true })
  expectedResidualMl!: number | null;

  @NumericColumn({ precision: 8, scale: 3, nullable: true })
  expectedDeliveredMl!: number | null;

  @NumericColumn({ precision: 8, scale: 3, nullable: true })
  discrepancyMl!: number | null;

  @NumericColumn({ precision: 8, scale: 1, nullable: true })
  discrepancyPct!: number | null;

  @NumericColumn({ precision: 8, scale: 3, nullable: true })
  discrepancyThresholdMl!: number | null;

  @Column({ type: 'text', default: 'NONE' })
  discrepancy!: DiscrepancyKind;

  @Column({ type: 'boolean', default: false })
  initialFill!: boolean;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  warnings!: string[];

  @Column({ type: 'uuid', nullable: true })
  secondCheckerId!: string | null;

  /** Delivered ÷ expected over the interval this refill closed (> 1: the pump ran fast); null when unmeasurable. */
  @NumericColumn({ precision: 8, scale: 4, nullable: true })
  measuredRateFactor!: number | null;

  /** The nurse confirmed aspiration and needle position and informed the physician before filling. */
  @Column({ type: 'boolean', default: false })
  discrepancyAcknowledged!: boolean;

  @Column({ type: 'text', nullable: true })
  lotNumber!: string | null;

  @LocalDateColumn({ nullable: true })
  lotExpiry!: string | null;

  @NumericColumn({ precision: 10, scale: 3, nullable: true })
  bridgeBolusMcg!: number | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @VersionColumn()
  version!: number;
}
