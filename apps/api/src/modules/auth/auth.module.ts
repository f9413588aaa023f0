import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { OidcController } from './oidc.controller';
import { OidcService } from './oidc.service';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';
import { SsoAccounts } from './sso-accounts';

/** Sign-in (with its throttle and second factor), hospital single sign-on, sessions (refresh, sign-out). The guard and the session cache live in CoreModule (every route uses them). */
@Module({
  controllers: [AuthController, MfaController, OidcController],
  providers: [AuthService, SessionsService, SignInThrottle, MfaService, OidcService, SsoAccounts],
  exports: [SessionsService, MfaService],
})
export class AuthModule {}
