import type { PumpModel } from '@pumpwatch/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { InstantColumn, LocalDateColumn, NumericColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';
import { PatientEntity } from '../patients/patient.entity';

@Entity('pumps')
export class PumpEntity extends VersionedEntity {
  @Index()
  @Column({ type: 'uuid' })
  patientId!: string;

  @ManyToOne(() => PatientEntity, (p) => p.pumps, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'patient_id' })
  patient?: Relation<PatientEntity>;

  @Column({ type: 'text' })
  model!: PumpModel;

  @Index({ unique: true })
  @Column({ type: 'text' })
  serialNumber!: string;

  @NumericColumn({ precision: 6, scale: 2 })
  reservoirCapacityMl!: number;

  @NumericColumn({ precision: 6, scale: 2 })
  lowReservoirAlarmMl!: number;

  @InstantColumn()
  implantedAt!: Date;

  @InstantColumn({ nullable: true })
  manufacturedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  catheterModel!: string | null;

  @NumericColumn({ precision: 6, scale: 3, nullable: true })
  catheterVolumeMl!: number | null;

  /** Expected battery end (elective replacement indicator date) from the manufacturer/interrogation. */
  @LocalDateColumn({ nullable: true })
  eriDate!: string | null;

  @NumericColumn({ precision: 6, scale: 4, nullable: true })
  worstCaseFactor!: number | null;

  @NumericColumn({ precision: 6, scale: 2, nullable: true })
  discrepancyThresholdMl!: number | null;

  /** Set by an ERI_REPORTED event: the pump stops within 90 days of it. */
  @InstantColumn({ nullable: true })
  eriReportedAt!: Date | null;

  /** EMPTY_RESERVOIR / MOTOR_STALL / PUMP_STOPPED until a physician records RESTARTED. */
  @Column({ type: 'boolean', default: false })
  therapyInterrupted!: boolean;

  /** MRI recorded and no INTERROGATION since. */
  @Column({ type: 'boolean', default: false })
  mriCheckDue!: boolean;

  /** EXPLANT ends the pump's projections and alarms. */
  @InstantColumn({ nullable: true })
  explantedAt!: Date | null;
}
