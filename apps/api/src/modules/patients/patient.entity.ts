import type { RiskFactor, SpasticityOrigin } from '@pumpwatch/contracts';
import { Column, Entity, Index, OneToMany, type Relation } from 'typeorm';
import { LocalDateColumn, NumericColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';
import { numericTransformer } from '../../common/db/columns';
import { PumpEntity } from '../pumps/pump.entity';

@Entity('patients')
export class PatientEntity extends VersionedEntity {
  @Index({ unique: true })
  @Column({ type: 'text' })
  mrn!: string;

  @Column({ type: 'text' })
  givenName!: string;

  @Column({ type: 'text' })
  familyName!: string;

  @LocalDateColumn()
  birthDate!: string;

  @Column({ type: 'text' })
  spasticityOrigin!: SpasticityOrigin;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  riskFactors!: RiskFactor[];

  /** Derived from riskFactors on every write; stored so lists and sweeps can filter on it. */
  @Column({ type: 'boolean', default: false })
  highRisk!: boolean;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  /** The number the clinic's SMS gateway sends refill reminders to (optional; none = no reminders). */
  @Column({ type: 'text', nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  /** The physician's oral baclofen bridge (mg per intake, intakes a day): all three set, or none. */
  @Column({ type: 'numeric', precision: 6, scale: 2, nullable: true, transformer: numericTransformer })
  oralBackupDoseMg!: number | null;

  @Column({ type: 'integer', nullable: true })
  oralBackupTimesPerDay!: number | null;

  @Column({ type: 'text', nullable: true })
  oralBackupNotes!: string | null;

  /** Effective screening bolus (mcg): bounds the first programmed daily dose. */
  @NumericColumn({ precision: 8, scale: 2, nullable: true })
  screeningDoseMcg!: number | null;

  @OneToMany(() => PumpEntity, (p) => p.patient)
  pumps?: Relation<PumpEntity[]>;
}
