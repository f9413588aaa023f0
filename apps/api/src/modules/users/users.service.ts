import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ClinicianDto, Role, UserAccountDto, UserDto } from '@pumpwatch/contracts';
import bcrypt from 'bcryptjs';
import { DataSource, EntityManager, In } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { UserCache } from '../../common/auth/user-cache';
import { assertVersion, lockById, snapshot } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { DEMO_EMAIL_DOMAIN, isDemoAccount } from '../auth/demo-accounts';
import { revokeUserSessions } from '../auth/sessions.service';
import { assertStrongPassword } from './password-policy';
import { UserEntity } from './user.entity';

export const toUserDto = (u: UserEntity): UserDto => ({ id: u.id, email: u.email, name: u.name, role: u.role });

/** Audit view of a user: never the password hash nor second-factor secrets, only whether a factor is on. */
const auditView = (u: UserEntity) => {
  const { passwordHash: _p, totpSecretSealed: _t, totpLastStep: _s, recoveryCodeHashes: _r, ...rest } = snapshot(u);
  return { ...rest, mfaEnabled: u.totpEnabledAt !== null };
};

export interface PasswordPolicyOption {
  passwordPolicy?: boolean;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  password: string;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly userCache: UserCache,
  ) {}

  list(): Promise<UserAccountDto[]> {
    return this.dataSource
      .getRepository(UserEntity)
      .find({ order: { name: 'ASC' } })
      .then((rows) =>
        rows.map((u) => ({ ...toUserDto(u), active: u.active, version: u.version, mfaEnabled: !!u.totpEnabledAt })),
      );
  }

  async directory(opts: { includeFormer: boolean }): Promise<ClinicianDto[]> {
    const rows = await this.dataSource.getRepository(UserEntity).find({
      select: { id: true, name: true, role: true, active: true },
      where: { role: In(['nurse', 'physician']), ...(opts.includeFormer ? {} : { active: true }) },
      order: { name: 'ASC' },
    });
    return rows.map((u) => ({ id: u.id, name: u.name, role: u.role, active: u.active }));
  }

  /**
   * `passwordPolicy` applies the password rule (API routes and the CLI); the demo seed and tests create accounts
   * without it, so the documented demo password keeps working.
   */
  create(actor: Actor | null, input: NewUser, opts: PasswordPolicyOption = {}): Promise<UserDto> {
    return this.dataSource.transaction((m) => this.createIn(m, actor, input, opts));
  }

  async createIn(
    m: EntityManager,
    actor: Actor | null,
    input: NewUser,
    opts: PasswordPolicyOption = {},
  ): Promise<UserDto> {
    if (opts.passwordPolicy) {
      if (isDemoAccount(input.email)) {
        throw new DomainError('EMAIL_RESERVED', `${DEMO_EMAIL_DOMAIN} is reserved for the demo clinic's accounts`);
      }
      assertStrongPassword(input.password, { email: input.email, name: input.name });
    }
    const email = input.email.trim().toLowerCase();
    if (await m.existsBy(UserEntity, { email }))
      throw new DomainError('EMAIL_TAKEN', `${email} already has an account`);
    const user = await m.save(
      m.create(UserEntity, {
        email,
        name: input.name.trim(),
        role: input.role,
        passwordHash: await bcrypt.hash(input.password, 10),
      }),
    );
    await this.audit.append(m, {
      userId: actor?.id ?? null,
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      after: auditView(user),
    });
    return toUserDto(user);
  }

  async update(
    actor: Actor,
    id: string,
    patch: { name?: string; role?: Role; active?: boolean; password?: string; version?: number },
    opts: PasswordPolicyOption = {},
  ): Promise<UserDto> {
    const updated = await this.dataSource.transaction(async (m) => {
      // the active administrators, locked in one order before the target: two admins demoting each other at the
      // same moment cannot both see the other as the one who remains
      const admins = (await m.query(`SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`)) as {
        id: string;
      }[];
      const user = await lockById(m, UserEntity, id, 'user');
      assertVersion(user.version, patch.version);
      const losesAdmin =
        user.role === 'admin' &&
        user.active &&
        ((patch.role !== undefined && patch.role !== 'admin') || patch.active === false);
      if (losesAdmin && !admins.some((a) => a.id !== id)) {
        throw new DomainError(
          'LAST_ACTIVE_ADMIN',
          'This is the last active administrator: make another user an administrator first, then change this one',
        );
      }
      const before = auditView(user);
      // a new password, another role or deactivation ends every sign-in: tokens issued under the old facts stop
      const endsSessions =
        patch.password !== undefined ||
        (patch.role !== undefined && patch.role !== user.role) ||
        (patch.active === false && user.active);
      if (patch.name !== undefined) user.name = patch.name.trim();
      if (patch.role !== undefined) user.role = patch.role;
      if (patch.active !== undefined) user.active = patch.active;
      if (patch.password !== undefined) {
        if (opts.passwordPolicy)
          assertStrongPassword(patch.password, { email: user.email, name: patch.name ?? user.name });
        user.passwordHash = await bcrypt.hash(patch.password, 10);
      }
      const saved = await m.save(user);
      if (endsSessions) await revokeUserSessions(m, id, 'account changed');
      await this.audit.append(m, {
        userId: actor.id,
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before,
        after: auditView(saved),
      });
      return toUserDto(saved);
    });
    this.userCache.forget(id); // committed: the next request of this user sees the change
    return updated;
  }
}
