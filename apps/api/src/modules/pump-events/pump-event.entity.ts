import type { PumpEventType } from '@pumpwatch/contracts';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
} from 'typeorm';
import { PumpEntity } from '../pumps/pump.entity';
import { InstantColumn } from '../../common/db/columns';

/** Append-only device history (MRI, interrogation, ERI, stalls, restarts, explant). */
@Entity('pump_events')
@Index(['pumpId', 'at'])
export class PumpEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  pumpId!: string;

  @ManyToOne(() => PumpEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pump_id' })
  pump?: Relation<PumpEntity>;

  @Column({ type: 'text' })
  type!: PumpEventType;

  @InstantColumn()
  at!: Date;

  @Column({ type: 'text', nullable: true })
  notes!: string | null;

  @Column({ type: 'uuid' })
  recordedBy!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
