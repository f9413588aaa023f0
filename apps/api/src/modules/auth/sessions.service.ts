import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@pumpwatch/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { UserCache } from '../../common/auth/user-cache';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/config';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';

/** httpOnly, SameSite=Strict cookie holding the refresh token; sent to /api/auth only. */
export const REFRESH_COOKIE = 'pumpwatch_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
/**
 * Two tabs of one browser share the cookie and may refresh at the same moment: the one that loses the race
 * presents the token the other just replaced. Within this window that is taken for the race it is (a new access
 * token, no new refresh token); later, a replaced token coming back means it was copied, and the session ends.
 */
export const REFRESH_RACE_MS = 30_000;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');
const newRefreshToken = () => randomBytes(32).toString('base64url');

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  /** Absent when only the access token was renewed (a refresh race): the cookie already holds the newer one. */
  refreshToken?: string;
  expiresInSeconds: number;
  user: UserEntity;
  /** The session may only set up the second factor the clinic requires (see DuringMfaEnrolment). */
  enrolmentOnly: boolean;
  /** Signed in through the hospital's identity provider (signing out ends the provider's session too). */
  sso: boolean;
}

/** Ends every live session of a user, inside the caller's transaction (password, role change, deactivation). */
export async function revokeUserSessions(m: EntityManager, userId: string, reason: string): Promise<number> {
  const rows = (await m.query(
    `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
      WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`,
    [userId, reason],
  )) as [unknown[], number];
  return rows[1];
}

/**
 * Sign-in sessions: a short access token (JWT naming the session) plus a rotating refresh token. Session times run
 * on the wall clock (database now()), as token expiry does, not on the clinic's clock.
 */
@Injectable()
export class SessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly cache: UserCache,
    private readonly audit: AuditService,
  ) {}

  /** A new session for a user who has just proven who they are. */
  async start(
    m: EntityManager,
    user: UserEntity,
    opts: { enrolmentOnly: boolean; oidcIdToken?: string },
  ): Promise<IssuedSession> {
    const sessionId = randomUUID();
    const refreshToken = newRefreshToken();
    await m.query(
      `INSERT INTO auth_sessions (id, user_id, expires_at, refresh_sha256, enrolment_only, oidc_id_token)
       VALUES ($1, $2, now() + make_interval(secs => $3), $4, $5, $6)`,
      [
        sessionId,
        user.id,
        this.config.security.sessionHours * 3600,
        sha256(refreshToken),
        opts.enrolmentOnly,
        opts.oidcIdToken ?? null,
      ],
    );
    const { enrolmentOnly } = opts;
    const sso = opts.oidcIdToken !== undefined;
    return { sessionId, refreshToken, user, enrolmentOnly, sso, ...(await this.accessToken(user, sessionId)) };
  }

  /** The provider's ID token of a session signed in through single sign-on (for signing out there too). */
  async oidcIdToken(sessionId: string): Promise<string | null> {
    const [row] = (await this.dataSource.query('SELECT oidc_id_token FROM auth_sessions WHERE id = $1', [
      sessionId,
    ])) as { oidc_id_token: string | null }[];
    return row?.oidc_id_token ?? null;
  }

  /** Exchanges a refresh token for a new access token and a new refresh token (the old one stops working). */
  async refresh(refreshToken: string | undefined): Promise<IssuedSession> {
    if (!refreshToken) throw sessionEnded('Sign in again: no session to continue');
    const hash = sha256(refreshToken);
    let reusedSessionId: string | null = null;
    const outcome = await this.dataSource.transaction(async (m): Promise<IssuedSession | DomainError> => {
      const [current] = (await m.query(
        `SELECT s.id, s.user_id, s.enrolment_only, s.oidc_id_token IS NOT NULL AS sso
           FROM auth_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.refresh_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
          FOR UPDATE OF s`,
        [hash],
      )) as { id: string; user_id: string; enrolment_only: boolean; sso: boolean }[];
      if (current) {
        const next = newRefreshToken();
        await m.query(
          `UPDATE auth_sessions SET previous_refresh_sha256 = refresh_sha256, refresh_sha256 = $2, rotated_at = now()
            WHERE id = $1`,
          [current.id, sha256(next)],
        );
        const user = await m.findOneByOrFail(UserEntity, { id: current.user_id });
        return {
          sessionId: current.id,
          refreshToken: next,
          user,
          enrolmentOnly: current.enrolment_only,
          sso: current.sso,
          ...(await this.accessToken(user, current.id)),
        };
      }
      const [replaced] = (await m.query(
        `SELECT s.id, s.user_id, s.enrolment_only, s.oidc_id_token IS NOT NULL AS sso,
                s.rotated_at > now() - make_interval(secs => $2) AS racing
           FROM auth_sessions s JOIN users u ON u.id = s.user_id
          WHERE s.previous_refresh_sha256 = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active
          FOR UPDATE OF s`,
        [hash, REFRESH_RACE_MS / 1000],
      )) as { id: string; user_id: string; enrolment_only: boolean; sso: boolean; racing: boolean }[];
      if (!replaced) return sessionEnded('Your session has ended: sign in again');
      if (replaced.racing) {
        const user = await m.findOneByOrFail(UserEntity, { id: replaced.user_id });
        const { enrolment_only: enrolmentOnly, sso } = replaced;
        return { sessionId: replaced.id, user, enrolmentOnly, sso, ...(await this.accessToken(user, replaced.id)) };
      }
      await this.revoke(m, replaced.id, 'refresh token reused');
      reusedSessionId = replaced.id;
      return sessionEnded('This sign-in was ended because its refresh token was used twice: sign in again');
    });
    if (reusedSessionId) this.cache.forgetSession(reusedSessionId);
    if (outcome instanceof DomainError) throw outcome;
    return outcome;
  }

  /** Ends one session (sign-out), audited under the user who ended it. */
  async end(sessionId: string, reason: string, actorId: string): Promise<boolean> {
    const ended = await this.dataSource.transaction(async (m) => {
      if (!(await this.revoke(m, sessionId, reason))) return false;
      await this.audit.append(m, {
        userId: actorId,
        action: 'user.sign-out',
        entityType: 'user',
        entityId: actorId,
        after: { sessionId, reason },
      });
      return true;
    });
    this.cache.forgetSession(sessionId);
    return ended;
  }

  /** The session a refresh token belongs to (current or just replaced), if it is still live. */
  async sessionOfRefreshToken(refreshToken: string): Promise<{ id: string; userId: string } | null> {
    const hash = sha256(refreshToken);
    const [row] = (await this.dataSource.query(
      `SELECT id, user_id FROM auth_sessions
        WHERE (refresh_sha256 = $1 OR previous_refresh_sha256 = $1) AND revoked_at IS NULL`,
      [hash],
    )) as { id: string; user_id: string }[];
    return row ? { id: row.id, userId: row.user_id } : null;
  }

  private async revoke(m: EntityManager, sessionId: string, reason: string): Promise<boolean> {
    const rows = (await m.query(
      `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING id`,
      [sessionId, reason],
    )) as [unknown[], number];
    return rows[1] > 0;
  }

  private async accessToken(
    user: { id: string; role: Role },
    sessionId: string,
  ): Promise<{ accessToken: string; expiresInSeconds: number }> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, sid: sessionId, role: user.role });
    return { accessToken, expiresInSeconds: this.config.jwtTtlSeconds };
  }
}

const sessionEnded = (message: string) => new DomainError('SESSION_ENDED', message);
