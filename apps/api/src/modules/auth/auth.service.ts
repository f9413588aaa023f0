import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import bcrypt from 'bcryptjs';
import { DataSource } from 'typeorm';
import { DomainError } from '../../common/errors/domain-error';
import { UserEntity } from '../users/user.entity';
import { MfaService } from './mfa.service';
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
  /** The authenticator app's code (or a recovery code), once the user has a second factor. */
  totp?: string;
  /** The client's address (req.ip: the proxy's view when PUMPWATCH_TRUST_PROXY is set). */
  address: string;
}

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: SessionsService,
    private readonly throttle: SignInThrottle,
    private readonly mfa: MfaService,
  ) {}

  /**
   * Password sign-in. Every refusal for a bad e-mail, password or inactive account is the same 401, after the same
   * work; repeated failures for one e-mail from one address earn growing delays (429 SIGN_IN_DELAYED) and an
   * address failing across many e-mails is stopped (429 TOO_MANY_REQUESTS). No account is ever locked. With a
   * second factor enrolled the password alone answers 401 MFA_REQUIRED; the code goes in `totp`.
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
      if (usable.totpEnabledAt) {
        if (!attempt.totp) {
          return new DomainError('MFA_REQUIRED', 'Enter the 6-digit code from your authenticator app', {
            factor: 'totp',
          });
        }
        // a wrong code counts like a wrong password: guessing codes earns the same growing delays
        if (!(await this.mfa.verifyAtSignIn(m, usable, attempt.totp))) {
          await this.throttle.failed(m, email, attempt.address);
          return new DomainError('MFA_INVALID', 'That code is not right: type the 6 digits your app shows now');
        }
      }
      await this.throttle.succeeded(m, email, attempt.address);
      // the clinic requires a factor this user has not set up: the session may only set it up
      const enrolmentOnly = !usable.totpEnabledAt && this.mfa.required(usable);
      return this.sessions.start(m, usable, { enrolmentOnly });
    });
    if (outcome instanceof DomainError) throw outcome;
    return outcome;
  }
}
