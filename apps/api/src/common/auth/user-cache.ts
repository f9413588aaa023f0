import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Role } from '@pumpwatch/contracts';
import { DataSource } from 'typeorm';
import type { Actor } from './actor';

/**
 * How long another instance may serve a session or user row changed elsewhere (this instance forgets at commit).
 * It bounds how late a sign-out, password or role change, or deactivation made on another API instance applies.
 */
export const USER_CACHE_MS = 2000;

/** A live session: its user, and whether it may only set up the second factor the clinic requires. */
export interface LiveSession {
  actor: Actor;
  enrolmentOnly: boolean;
}

interface Entry {
  session: LiveSession | null;
  readAtMs: number;
}

/**
 * The active user behind each live session, for the auth guard, so a request costs no query: every dashboard call
 * is authenticated, and the lookup was a second round trip on each. A session answers only while it is neither
 * revoked nor expired and its user is active. UsersService and the session code forget entries when their change
 * commits, so on this instance the change applies to the next request; other API instances see it within
 * USER_CACHE_MS. A generation counter stops a read that raced a change from re-caching the old row.
 */
@Injectable()
export class UserCache {
  private readonly entries = new Map<string, Entry>();
  private generation = 0;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The session's user while the session is live and the user active; null otherwise. */
  async activeSession(sessionId: string): Promise<LiveSession | null> {
    const hit = this.entries.get(sessionId);
    if (hit && performance.now() - hit.readAtMs < USER_CACHE_MS) return hit.session;
    const generation = this.generation;
    const readAtMs = performance.now();
    // expiry against the database clock: sessions run on wall time, like the token expiry itself
    const [row] = (await this.dataSource.query(
      `SELECT u.id, u.email, u.name, u.role, s.enrolment_only
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
        WHERE s.id = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND u.active`,
      [sessionId],
    )) as { id: string; email: string; name: string; role: Role; enrolment_only: boolean }[];
    const session: LiveSession | null = row
      ? { actor: { id: row.id, email: row.email, name: row.name, role: row.role }, enrolmentOnly: row.enrolment_only }
      : null;
    if (this.generation === generation) {
      if (this.entries.size > 10_000) this.entries.clear(); // unknown ids must not grow the map without bound
      this.entries.set(sessionId, { session, readAtMs });
    }
    return session;
  }

  /** Called after a change to the user commits (every session of theirs is re-read). */
  forget(userId: string): void {
    this.generation++;
    for (const [sessionId, entry] of this.entries) {
      if (entry.session?.actor.id === userId) this.entries.delete(sessionId);
    }
  }

  /** Called after a session ends. */
  forgetSession(sessionId: string): void {
    this.generation++;
    this.entries.delete(sessionId);
  }
}
