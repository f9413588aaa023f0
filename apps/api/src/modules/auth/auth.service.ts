import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { Clock } from '../../common/clock/clock';
import { DomainError } from '../../common/errors/domain-error';
import { AuditService } from '../audit/audit.service';
import { UserEntity } from '../users/user.entity';
import { SessionsService, type IssuedSession } from './sessions.service';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;
// Compared against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 10);

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly sessions: SessionsService,
  ) {}

  /** Password login; 5 failures lock the account for 15 minutes (audited). */
  async login(email: string, password: string): Promise<IssuedSession> {
    const now = this.clock.now();
    // The transaction commits the failure counter; the refusal is thrown only after it.
    const outcome = await this.dataSource.transaction(async (m): Promise<IssuedSession | DomainError> => {
      const user = await m.findOne(UserEntity, {
        where: { email: email.trim().toLowerCase() },
        lock: { mode: 'pessimistic_write' },
      });
      const ok = await bcrypt.compare(password, user?.passwordHash ?? DUMMY_HASH);
      if (!user || !user.active) return invalid();
      if (user.lockedUntil && user.lockedUntil > now) {
        return new DomainError('ACCOUNT_LOCKED', 'Too many failed sign-ins: try again later', {
          lockedUntil: user.lockedUntil.toISOString(),
        });
      }
      if (!ok) {
        const failedLogins = user.failedLogins + 1;
        const lockedUntil = failedLogins >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null;
        await m.update(UserEntity, user.id, { failedLogins: lockedUntil ? 0 : failedLogins, lockedUntil });
        if (lockedUntil) {
          await this.audit.append(m, {
            userId: user.id,
            action: 'user.locked',
            entityType: 'user',
            entityId: user.id,
            after: { lockedUntil: lockedUntil.toISOString() },
          });
        }
        return invalid();
      }
      if (user.failedLogins || user.lockedUntil)
        await m.update(UserEntity, user.id, { failedLogins: 0, lockedUntil: null });
      return this.sessions.start(m, user);
    });
    if (outcome instanceof DomainError) throw outcome;
    return outcome;
  }
}

const invalid = () => new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
