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

  /** TOTP secret sealed with the MFA key (never stored or audited in clear); set at enrolment, before confirmation. */
  @Column({ type: 'text', nullable: true })
  totpSecretSealed!: string | null;

  /** When the user proved the authenticator works: from then on sign-in needs a code. */
  @InstantColumn({ nullable: true })
  totpEnabledAt!: Date | null;

  /** The last 30-second step a code was accepted for: each code signs in once. */
  @Column({ type: 'bigint', nullable: true })
  totpLastStep!: string | null;

  /** sha256 of each unused recovery code. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  recoveryCodeHashes!: string[];
}
