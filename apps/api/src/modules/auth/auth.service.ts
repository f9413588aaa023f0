import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { UserEntity } from '../users/user.entity';
import { SessionsService, type IssuedSession } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';

/**
 * Compared against when the e-mail is unknown or the account inactive, at the cost of real hashes (10), so the
 * answer takes as long as for a wrong password and its time does not reveal which e-mails have accounts.
 */
const DUMMY_HASH = bcrypt.hashSync('not-a-real-password', 10);

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address (req.ip: the proxy's view when PUMPWATCH_TRUST_PROXY is set). */
  address: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
  ) {}

  /**
   * Password sign-in. Every refusal for a bad e-mail, password or inactive account is the same 401, after the same
   * work; repeated failures for one e-mail from one address earn growing delays (429 SIGN_IN_DELAYED) and an
   * address failing across many e-mails is stopped (429 TOO_MANY_REQUESTS). No account is ever locked.
   */
  async login(attempt: SignInAttempt): Promise<IssuedSession> {
    const email = attempt.email.trim().toLowerCase();
    // The transaction commits the failure counts; the refusal is thrown only after it.
    const outcome = await this.dataSource.transaction(async (m): Promise<IssuedSession | DomainError> => {
      await this.throttle.check(m, email, attempt.address);
      const user = await m.findOne(UserEntity, { where: { email } });
      const usable = user?.active ? user : null;
      const ok = await bcrypt.compare(attempt.password, usable?.passwordHash ?? DUMMY_HASH);
      if (!usable || !ok) {
        await this.throttle.failed(m, email, attempt.address);
        return new DomainError('INVALID_CREDENTIALS', 'Wrong email or password');
      }
      await this.throttle.succeeded(m, email, attempt.address);
      return this.sessions.start(m, usable);
    });
    if (outcome instanceof DomainError) throw outcome;
    return outcome;
  }
}
