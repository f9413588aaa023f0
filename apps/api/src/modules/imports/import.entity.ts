import type { ImportCounts, ImportRowError } from '@pumpwatch/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../../common/db/columns';

/** A committed import (dry runs are never stored): who brought which file in, and what it did. */
@Entity('imports')
@Index(['seq'])
export class ImportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @InstantColumn()
  at!: Date;

  /** Commit order (bigint as text); set by the database. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'int' })
  rows!: number;

  @Column({ type: 'int' })
  valid!: number;

  @Column({ type: 'int' })
  invalid!: number;

  @Column({ type: 'jsonb' })
  creates!: ImportCounts;

  @Column({ type: 'jsonb' })
  updates!: ImportCounts;

  @Column({ type: 'int' })
  unchanged!: number;

  /** The rows left out (skipInvalid) and why. */
  @Column({ type: 'jsonb' })
  errors!: ImportRowError[];
}
