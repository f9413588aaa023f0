import type { Role } from '@pumpwatch/contracts';
import { Column, Entity, Index } from 'typeorm';
import { InstantColumn } from '../../common/db/columns';
import { VersionedEntity } from '../../common/db/base.entity';

@Entity('users')
export class UserEntity extends VersionedEntity {
  @Index({ unique: true })
  /** Stored lower-case (normalised on every write) so lookups are case-insensitive. */
  @Column({ type: 'text' })
  email!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text' })
  passwordHash!: string;

  @Column({ type: 'boolean', default: true })
  active!: boolean;

  @Column({ type: 'int', default: 0 })
  failedLogins!: number;

  @InstantColumn({ nullable: true })
  lockedUntil!: Date | null;
}
