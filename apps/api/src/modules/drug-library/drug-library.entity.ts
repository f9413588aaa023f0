import { Column, Entity } from 'typeorm';
import { NumericColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';

@Entity('drug_library')
export class DrugLibraryEntity extends VersionedEntity {
  @Column({ type: 'text' })
  name!: string;

  @NumericColumn({ precision: 10, scale: 2 })
  concentrationMcgPerMl!: number;

  @Column({ type: 'boolean', default: false })
  screeningOnly!: boolean;

  @Column({ type: 'boolean', default: false })
  compounded!: boolean;

  /** Stability in the pump: feeds the engine as lastRefill.beyondUseDays. */
  @Column({ type: 'int', default: 180 })
  maxRefillIntervalDays!: number;

  @Column({ type: 'boolean', default: true })
  active!: boolean;
}
