import { Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { SessionsService } from './sessions.service';
import { SignInThrottle } from './sign-in-throttle';

/** Sign-in (with its throttle), sessions (refresh, sign-out). The guard and the session cache live in CoreModule (every route uses them). */
@Module({
  controllers: [AuthController],
  providers: [AuthService, SessionsService, SignInThrottle],
  exports: [SessionsService],
})
export class AuthModule {}
