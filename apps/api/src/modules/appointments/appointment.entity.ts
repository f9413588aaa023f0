import type { AppointmentStatus } from '@pumpwatch/contracts';
import { Column, Entity, Index, JoinColumn, ManyToOne, type Relation } from 'typeorm';
import { PumpEntity } from '../pumps/pump.entity';
import { InstantColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';

@Entity('appointments')
@Index(['pumpId', 'status', 'at'])
export class AppointmentEntity extends VersionedEntity {
  @Column({ type: 'uuid' })
  pumpId!: string;

  @ManyToOne(() => PumpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pump_id' })
  pump?: Relation<PumpEntity>;

  @InstantColumn()
  at!: Date;

  @Column({ type: 'text', default: 'refill' })
  kind!: 'refill';

  @Column({ type: 'text', default: 'booked' })
  status!: AppointmentStatus;

  @Column({ type: 'uuid', nullable: true })
  refillId!: string | null;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid' })
  createdBy!: string;
}
