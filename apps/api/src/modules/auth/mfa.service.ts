import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MfaConfirmedDto, MfaEnrolmentDto, MfaStatusDto, Role } from '@pumpwatch/contracts';
import { Secret, TOTP } from 'otpauth';
import { DataSource, EntityManager } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { UserCache } from '../../common/auth/user-cache';
import { open, seal } from '../../common/crypto/secret-box';
import { lockById } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';
import { isDemoAccount } from './demo-accounts';

const PERIOD_SECONDS = 30;
const RECOVERY_CODES = 10;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
/** 10 characters from an alphabet without look-alikes (0/O, 1/l/I), shown as xxxxx-xxxxx. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
const normaliseRecoveryCode = (code: string) => code.trim().toLowerCase().replace(/[\s-]/g, '');

/**
 * RFC 6238 second factor for local accounts: enrol (a secret, confirmed with a first code), recovery codes,
 * checking a code at sign-in (each 30-second step once: a code seen over a shoulder cannot be replayed), and an
 * administrator's reset for a lost phone. Codes run on the wall clock, as the phone's app does.
 */
@Injectable()
export class MfaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
    private readonly cache: UserCache,
  ) {}

  /** Whether the clinic requires a second factor of this account. */
  required(user: { email: string; role: Role }): boolean {
    const mode = this.config.security.requireMfa;
    if (mode === 'none' || isDemoAccount(user.email)) return false;
    return mode === 'all' || user.role === 'admin';
  }

  async status(actor: Actor): Promise<MfaStatusDto> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: actor.id });
    return {
      enabled: user.totpEnabledAt !== null,
      required: this.required(user),
      recoveryCodesLeft: user.totpEnabledAt ? user.recoveryCodeHashes.length : 0,
    };
  }

  /** A new secret, pending until confirmed with a code (replaces an earlier unconfirmed one). */
  async enrol(actor: Actor): Promise<MfaEnrolmentDto> {
    return this.dataSource.transaction(async (m) => {
      const user = await lockById(m, UserEntity, actor.id, 'user');
      if (user.totpEnabledAt) {
        throw new DomainError(
          'MFA_ALREADY_ENABLED',
          'A second factor is already set up: remove it first to replace it',
        );
      }
      const secret = new Secret({ size: 20 });
      await m.update(UserEntity, user.id, { totpSecretSealed: seal(this.key, secret.base32), totpLastStep: null });
      return { secret: secret.base32, otpauthUrl: this.totp(user.email, secret).toString() };
    });
  }

  /** The first code proves the app holds the secret: the factor is on, and the recovery codes are handed out. */
  async confirm(actor: Actor, sessionId: string, code: string): Promise<MfaConfirmedDto> {
    const recoveryCodes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.dataSource.transaction(async (m) => {
      const user = await lockById(m, UserEntity, actor.id, 'user');
      if (user.totpEnabledAt) throw new DomainError('MFA_ALREADY_ENABLED', 'The second factor is already on');
      if (!user.totpSecretSealed) {
        throw new DomainError('MFA_NOT_STARTED', 'Start setting up the authenticator app first');
      }
      const step = this.matchingStep(user, code);
      if (step === null) throw invalidCode();
      await m.update(UserEntity, user.id, {
        totpEnabledAt: new Date(),
        totpLastStep: String(step),
        recoveryCodeHashes: recoveryCodes.map((c) => sha256(normaliseRecoveryCode(c))),
      });
      // this session was limited to setting the factor up: it may now do everything its role allows
      await m.query('UPDATE auth_sessions SET enrolment_only = false WHERE id = $1', [sessionId]);
      await this.audit.append(m, {
        userId: actor.id,
        action: 'user.mfa-enable',
        entityType: 'user',
        entityId: actor.id,
        after: { mfaEnabled: true, recoveryCodes: RECOVERY_CODES },
      });
    });
    this.cache.forget(actor.id);
    return { recoveryCodes };
  }

  /**
   * At sign-in, inside the sign-in transaction: a current TOTP code (each step once) or an unused recovery code
   * (then spent). False for anything else.
   */
  async verifyAtSignIn(m: EntityManager, user: UserEntity, code: string): Promise<boolean> {
    const step = this.matchingStep(user, code);
    if (step !== null) {
      // the row lock makes "a step once" hold against two sign-ins racing with the same code
      const [row] = (await m.query('SELECT totp_last_step FROM users WHERE id = $1 FOR UPDATE', [user.id])) as {
        totp_last_step: string | null;
      }[];
      if (row?.totp_last_step !== null && row?.totp_last_step !== undefined && step <= Number(row.totp_last_step)) {
        return false;
      }
      await m.update(UserEntity, user.id, { totpLastStep: String(step) });
      return true;
    }
    const hash = sha256(normaliseRecoveryCode(code));
    const spent = (await m.query(
      `UPDATE users SET recovery_code_hashes = array_remove(recovery_code_hashes, $2)
        WHERE id = $1 AND $2 = ANY(recovery_code_hashes) RETURNING id`,
      [user.id, hash],
    )) as [unknown[], number];
    if (spent[1] > 0) {
      await this.audit.append(m, {
        userId: user.id,
        action: 'user.mfa-recovery-code-used',
        entityType: 'user',
        entityId: user.id,
        after: { recoveryCodesLeft: user.recoveryCodeHashes.length - 1 },
      });
      return true;
    }
    return false;
  }

  /** Removes the user's own factor: needs a current code, so a borrowed unlocked session cannot do it. */
  async disableOwn(actor: Actor, code: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await lockById(m, UserEntity, actor.id, 'user');
      if (!user.totpEnabledAt) throw new DomainError('MFA_NOT_ENABLED', 'No second factor is set up');
      if (!(await this.verifyAtSignIn(m, user, code))) throw invalidCode();
      await this.clear(m, user.id, actor.id, 'user.mfa-disable');
    });
    this.cache.forget(actor.id);
  }

  /** An administrator removes another user's factor (lost phone): they set up a new one at their next sign-in. */
  async reset(admin: Actor, userId: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const user = await lockById(m, UserEntity, userId, 'user');
      if (!user.totpEnabledAt && !user.totpSecretSealed) {
        throw new DomainError('MFA_NOT_ENABLED', 'This user has no second factor');
      }
      await this.clear(m, userId, admin.id, 'user.mfa-reset');
      // whoever holds that user's sessions signed in with the factor now removed: they sign in again
      await m.query(
        `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'second factor reset'
          WHERE user_id = $1 AND revoked_at IS NULL`,
        [userId],
      );
    });
    this.cache.forget(userId);
  }

  private async clear(m: EntityManager, userId: string, actorId: string, action: string): Promise<void> {
    await m.update(UserEntity, userId, {
      totpSecretSealed: null,
      totpEnabledAt: null,
      totpLastStep: null,
      recoveryCodeHashes: [],
    });
    await this.audit.append(m, {
      userId: actorId,
      action,
      entityType: 'user',
      entityId: userId,
      before: { mfaEnabled: true },
      after: { mfaEnabled: false },
    });
  }

  /** The 30-second step a 6-digit code matches (this one, the one before or after: phones drift), else null. */
  private matchingStep(user: UserEntity, code: string): number | null {
    if (!user.totpSecretSealed || !/^\d{6}$/.test(code.trim())) return null;
    const secret = Secret.fromBase32(open(this.key, user.totpSecretSealed));
    const now = Date.now();
    const delta = this.totp(user.email, secret).validate({ token: code.trim(), timestamp: now, window: 1 });
    return delta === null ? null : Math.floor(now / 1000 / PERIOD_SECONDS) + delta;
  }

  private totp(email: string, secret: Secret): TOTP {
    return new TOTP({
      issuer: 'PumpWatch',
      label: email,
      algorithm: 'SHA1',
      digits: 6,
      period: PERIOD_SECONDS,
      secret,
    });
  }

  private get key(): Buffer {
    return this.config.security.mfaKey;
  }
}

/** 422, not the sign-in's 401: the user is signed in, only this code is wrong (401 would read as "session over"). */
const invalidCode = () =>
  new DomainError('MFA_CODE_INVALID', 'That code is not right: type the 6 digits your authenticator app shows now');
