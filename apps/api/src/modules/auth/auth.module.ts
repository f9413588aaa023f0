import { Module } from '@nestjs/common';
import { AccessModule } from '../../common/auth/access.module';
import { AuditModule } from '../audit/audit.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';
import { SsoAccounts } from './sso-accounts';

/** Sign-in (with its throttle and second factor), hospital single sign-on, sessions (refresh, sign-out). The guard, the session cache and the throttle settings come from AccessModule. */
@Module({
  imports: [AccessModule, AuditModule],
  controllers: [AuthController, MfaController, OidcController],
  providers: [AuthService, SessionsService, SignInThrottle, MfaService, OidcService, SsoAccounts],
  exports: [SessionsService, MfaService],
})
export class AuthModule {}
