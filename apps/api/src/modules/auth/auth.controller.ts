import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { SignInResponse, UserDto } from '@pumpwatch/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentSessionId, CurrentUser, type Actor } from '../../common/auth/actor';
import { DuringMfaEnrolment, Public } from '../../common/auth/public.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { toUserDto } from '../users/users.service';
import { LoginDto } from './auth.dto';
import { AuthService } from './auth.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './refresh-cookie';
import { SessionsService, type IssuedSession } from './sessions.service';
import { ApiErrors, ApiJson, ApiNoContent } from '../../openapi/api-docs';
import { SignInSchema, UserSchema } from '../../openapi/schemas/people';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  /**
   * Rate-limited per client address + email (ThrottlerModule in AccessModule); repeated failures earn growing delays
   * per e-mail and address (429 SIGN_IN_DELAYED, Retry-After), never a lock on the account.
   */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Signs in with e-mail and password (and the second-factor code once enrolled): access token and refresh cookie',
  })
  @ApiJson(SignInSchema)
  @ApiErrors(401, 429)
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<SignInResponse> {
    try {
      const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
      return answer(req, res, await this.auth.login({ ...dto, address }));
    } catch (e) {
      const wait = e instanceof DomainError ? (e.details as { retryAfterSeconds?: number })?.retryAfterSeconds : null;
      if (wait) res.header('Retry-After', String(wait));
      throw e;
    }
  }

  /**
   * A new access token (and a new refresh token) for the session in the refresh cookie. Public: the access token
   * has typically expired by now; the httpOnly SameSite=Strict cookie is the credential.
   */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A new access token and refresh cookie for the session named by the httpOnly refresh cookie',
  })
  @ApiJson(SignInSchema)
  @ApiErrors(401)
  async refresh(@Req() req: FastifyRequest, @Res({ passthrough: true }) res: FastifyReply): Promise<SignInResponse> {
    try {
      return answer(req, res, await this.sessions.refresh(readRefreshCookie(req)));
    } catch (e) {
      clearRefreshCookie(req, res);
      throw e;
    }
  }

  /** Ends this sign-in: the access token and the refresh token stop working at once. */
  @ApiBearerAuth()
  @DuringMfaEnrolment()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Signs out: the access token and the refresh token stop working at once' })
  @ApiNoContent('Signed out')
  async logout(
    @CurrentUser() actor: Actor,
    @CurrentSessionId() sessionId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<void> {
    await this.sessions.end(sessionId, 'sign-out', actor.id);
    // the cookie may name another session of the same user (a tab signed in later): that one ends too
    const cookie = readRefreshCookie(req);
    const other = cookie ? await this.sessions.sessionOfRefreshToken(cookie) : null;
    if (other && other.userId === actor.id && other.id !== sessionId) {
      await this.sessions.end(other.id, 'sign-out', actor.id);
    }
    clearRefreshCookie(req, res);
  }

  @ApiBearerAuth()
  @DuringMfaEnrolment()
  @Get('me')
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiJson(UserSchema)
  me(@CurrentUser() user: Actor): UserDto {
    return user;
  }
}

export function answer(req: FastifyRequest, res: FastifyReply, session: IssuedSession): SignInResponse {
  if (session.refreshToken) setRefreshCookie(req, res, session.refreshToken);
  return {
    accessToken: session.accessToken,
    user: toUserDto(session.user),
    expiresInSeconds: session.expiresInSeconds,
    ...(session.enrolmentOnly ? { mfaEnrollmentRequired: true } : {}),
    ...(session.sso ? { sso: true } : {}),
  };
}
