import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import type { EntityManager } from 'typeorm';
import { UserCache } from '../../common/auth/user-cache';
import { DomainError } from '../../common/errors/domain-error';
import type { OidcConfig, SsoRole } from '../../config/security-config';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';
import { revokeUserSessions } from './sessions.service';

/** What PumpWatch reads from the provider's ID token and userinfo. */
export interface SsoClaims {
  sub: string;
  email?: unknown;
  email_verified?: unknown;
  name?: unknown;
  [claim: string]: unknown;
}

/** A refusal the sign-in page explains in words (`/login?sso_error=<code>`). */
export class SsoRefusal extends DomainError {}

const refuse = (code: DomainError['code'], message: string, details?: unknown) =>
  new SsoRefusal(code, message, details);

/** The groups claim as a list of strings (providers send an array, some a single string). */
export function groupsOf(claims: SsoClaims, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  return typeof value === 'string' ? [value] : [];
}

/**
 * The role the user's hospital groups grant: exactly one, or none. Groups mapping to different roles are refused
 * rather than resolved by a guess (the group mapping needs fixing, and access is what is at stake).
 */
export function roleFromGroups(groups: string[], roleMap: Record<string, SsoRole>): SsoRole | null {
  const roles = [...new Set(groups.map((g) => roleMap[g]).filter((r): r is SsoRole => !!r))];
  if (roles.length > 1) {
    throw refuse(
      'SSO_ROLE_AMBIGUOUS',
      `Your hospital groups give more than one PumpWatch role (${roles.join(', ')}): ask the administrator to fix the group mapping`,
      { roles },
    );
  }
  return roles[0] ?? null;
}

/**
 * Who a provider sign-in is in PumpWatch. Matched by e-mail (verified by the provider); a new user is created
 * only when one of their groups maps to a role. The role follows the groups at every sign-in, so taking someone
 * out of a group at the hospital takes their PumpWatch access away (a group that maps to no role any more refuses
 * the sign-in). Runs inside the sign-in transaction.
 */
@Injectable()
export class SsoAccounts {
  constructor(
    private readonly audit: AuditService,
    private readonly cache: UserCache,
  ) {}

  async resolve(m: EntityManager, claims: SsoClaims, oidc: OidcConfig): Promise<UserEntity> {
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!email) throw refuse('SSO_NO_EMAIL', 'Your hospital account has no e-mail address PumpWatch can use');
    if (claims.email_verified === false) {
      throw refuse('SSO_EMAIL_UNVERIFIED', 'Your hospital account’s e-mail address is not verified');
    }
    const groups = groupsOf(claims, oidc.groupsClaim);
    const role = roleFromGroups(groups, oidc.roleMap);
    if (!role) {
      throw refuse(
        'SSO_NO_ROLE',
        'Your hospital account is not in a group that gives access to PumpWatch: ask the administrator',
        { groups },
      );
    }
    const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim() : email;
    const existing = await m.findOne(UserEntity, { where: { email }, lock: { mode: 'pessimistic_write' } });
    if (!existing) return this.provision(m, { email, name, role, sub: claims.sub, groups });
    if (!existing.active) throw refuse('SSO_DEACTIVATED', 'This PumpWatch account has been deactivated');
    if (existing.role !== role) await this.changeRole(m, existing, role, groups);
    return existing;
  }

  private async provision(
    m: EntityManager,
    p: { email: string; name: string; role: SsoRole; sub: string; groups: string[] },
  ): Promise<UserEntity> {
    // no usable password: the account signs in through the provider (an admin may set one later)
    const unusable = await bcrypt.hash(randomBytes(32).toString('base64url'), 10);
    const user = await m.save(
      m.create(UserEntity, { email: p.email, name: p.name, role: p.role, passwordHash: unusable }),
    );
    await this.audit.append(m, {
      userId: user.id,
      action: 'user.sso-provision',
      entityType: 'user',
      entityId: user.id,
      after: { email: p.email, name: p.name, role: p.role, subject: p.sub, groups: p.groups },
    });
    return user;
  }

  private async changeRole(m: EntityManager, user: UserEntity, role: SsoRole, groups: string[]): Promise<void> {
    if (user.role === 'admin') {
      const [{ others }] = (await m.query(
        `SELECT count(*)::int AS others FROM users WHERE role = 'admin' AND active AND id <> $1`,
        [user.id],
      )) as { others: number }[];
      if (others === 0) {
        throw refuse(
          'LAST_ACTIVE_ADMIN',
          'Your hospital groups no longer make you an administrator, but you are the last one: make another user an administrator first',
        );
      }
    }
    const before = user.role;
    user.role = role;
    await m.save(user);
    // tokens issued under the old role end, as with any role change
    await revokeUserSessions(m, user.id, 'role changed by hospital groups');
    await this.audit.append(m, {
      userId: user.id,
      action: 'user.sso-role-change',
      entityType: 'user',
      entityId: user.id,
      before: { role: before },
      after: { role, groups },
    });
    this.cache.forget(user.id);
  }
}
