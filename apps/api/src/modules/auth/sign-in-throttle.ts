import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/config';

/** A failure count older than this starts again from zero. */
const FORGET_FAILURES_AFTER_HOURS = 24;
/** The per-address count runs over windows of this length. */
const ADDRESS_WINDOW_MINUTES = 15;

/**
 * Delay after the n-th failure for one e-mail from one address: none for the first few (typos), then 1 s, 2 s,
 * 4 s… doubling up to the configured ceiling. It slows a guesser at that address without ever locking the
 * account: the real user, signing in from their own computer, is not affected by failures from elsewhere.
 */
export function delayAfterFailures(failures: number, freeFailures: number, maxDelaySeconds: number): number {
  if (failures < freeFailures) return 0;
  return Math.min(2 ** Math.min(failures - freeFailures, 30), maxDelaySeconds);
}

/**
 * Growing delays per (e-mail as typed, client address) and a ceiling of failures per address across e-mails.
 * Both are kept in the database (every API instance counts the same) and keyed by what was typed, so an unknown
 * e-mail is counted and delayed exactly like a known one and the answers never tell which accounts exist.
 */
@Injectable()
export class SignInThrottle {
  constructor(private readonly config: AppConfig) {}

  private keys(email: string, address: string): { account: string; address: string } {
    return { account: `account:${email}|${address}`, address: `address:${address}` };
  }

  /**
   * Refuses (429) before any password check while the pair is in its delay or the address is over its ceiling.
   * Serialises attempts on one pair inside the caller's transaction, so a burst cannot slip past the count.
   */
  async check(m: EntityManager, email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [keys.account]);
    const [pair] = (await m.query(
      `SELECT ceil(extract(epoch FROM blocked_until - now()))::int AS wait FROM sign_in_throttle
        WHERE key = $1 AND blocked_until > now()`,
      [keys.account],
    )) as { wait: number }[];
    if (pair) {
      throw new DomainError(
        'SIGN_IN_DELAYED',
        `Too many failed sign-ins for this e-mail from this computer: wait ${pair.wait} s and try again`,
        { retryAfterSeconds: pair.wait },
      );
    }
    const [addr] = (await m.query(
      `SELECT failures, ceil(extract(epoch FROM window_started_at + make_interval(mins => $2) - now()))::int AS wait
         FROM sign_in_throttle
        WHERE key = $1 AND window_started_at > now() - make_interval(mins => $2)`,
      [keys.address, ADDRESS_WINDOW_MINUTES],
    )) as { failures: number; wait: number }[];
    if (addr && addr.failures >= this.config.security.signInAddressFailureLimit) {
      throw new DomainError(
        'TOO_MANY_REQUESTS',
        `Too many failed sign-ins from this network address: wait ${addr.wait} s and try again`,
        { retryAfterSeconds: addr.wait },
      );
    }
  }

  /** Counts a failure for the pair (starting its delay once past the free ones) and for the address. */
  async failed(m: EntityManager, email: string, address: string): Promise<void> {
    const keys = this.keys(email, address);
    const { signInFreeFailures, signInMaxDelaySeconds } = this.config.security;
    const [{ failures }] = (await m.query(
      `INSERT INTO sign_in_throttle AS t (key, failures) VALUES ($1, 1)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.updated_at < now() - make_interval(hours => $2) THEN 1 ELSE t.failures + 1 END,
         updated_at = now()
       RETURNING failures`,
      [keys.account, FORGET_FAILURES_AFTER_HOURS],
    )) as { failures: number }[];
    const delaySeconds = delayAfterFailures(failures, signInFreeFailures, signInMaxDelaySeconds);
    if (delaySeconds > 0) {
      await m.query(`UPDATE sign_in_throttle SET blocked_until = now() + make_interval(secs => $2) WHERE key = $1`, [
        keys.account,
        delaySeconds,
      ]);
    }
    await m.query(
      `INSERT INTO sign_in_throttle AS t (key, failures) VALUES ($1, 1)
       ON CONFLICT (key) DO UPDATE SET
         failures = CASE WHEN t.window_started_at <= now() - make_interval(mins => $2) THEN 1 ELSE t.failures + 1 END,
         window_started_at = CASE WHEN t.window_started_at <= now() - make_interval(mins => $2)
                                  THEN now() ELSE t.window_started_at END,
         updated_at = now()`,
      [keys.address, ADDRESS_WINDOW_MINUTES],
    );
  }

  /** The right password from this address clears the pair's count (other addresses keep theirs). */
  async succeeded(m: EntityManager, email: string, address: string): Promise<void> {
    await m.query('DELETE FROM sign_in_throttle WHERE key = $1', [this.keys(email, address).account]);
  }
}
