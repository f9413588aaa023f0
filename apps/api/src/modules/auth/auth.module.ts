import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { MfaController } from './mfa.controller';
import { MfaService } from './mfa.service';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';

/** Sign-in (with its throttle and second factor), sessions (refresh, sign-out). The guard and the session cache live in CoreModule (every route uses them). */
@Module({
  controllers: [AuthController, MfaController],
  providers: [AuthService, SessionsService, SignInThrottle, MfaService],
  exports: [SessionsService, MfaService],
})
export class AuthModule {}
