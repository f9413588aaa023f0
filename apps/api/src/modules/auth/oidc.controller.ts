import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clearCookie, isSecure, setCookie } from '../../common/http/cookies';
import { CurrentSessionId, CurrentUser, type Actor } from '../../common/auth/actor';
import { DuringMfaEnrolment, Public } from '../../common/auth/public.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { ApiErrors, ApiObject, ApiPublic } from '../../openapi/api-docs';
import { answer } from './auth.controller';
import { OidcService } from './oidc.service';
import { clearRefreshCookie } from './refresh-cookie';
import { SessionsService } from './sessions.service';

const FLOW_COOKIE = 'pumpwatch_oidc';
const FLOW_PATH = '/api/auth/oidc';

function flowCookieOf(req: FastifyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === FLOW_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** "Sign in with your hospital account": OpenID Connect, authorization code + PKCE. */
@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  constructor(
    private readonly oidc: OidcService,
    private readonly sessions: SessionsService,
  ) {}

  /** Whether the sign-in page offers the hospital sign-in (404 when the clinic has none). */
  @Public()
  @ApiPublic()
  @Get('config')
  @ApiOperation({ summary: 'Whether this clinic signs in through its hospital identity provider (404: it does not)' })
  @ApiObject('{ enabled: true }')
  @ApiErrors(404)
  config(): { enabled: boolean } {
    this.requireEnabled();
    return { enabled: true };
  }

  /** Sends the browser to the hospital's sign-in, with the flow's secrets in a short-lived httpOnly cookie. */
  @Public()
  @ApiPublic()
  @Get('login')
  @ApiOperation({ summary: 'Starts the hospital sign-in: redirects to the identity provider (code flow with PKCE)' })
  @ApiResponse({ status: 302, description: "To the provider's sign-in page (or back to /login?sso_error=<code>)" })
  @ApiErrors(404)
  async login(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    this.requireEnabled();
    let started: { url: string; flowCookie: string };
    try {
      started = await this.oidc.start();
    } catch (e) {
      const code = e instanceof DomainError ? e.code : 'SSO_UNAVAILABLE';
      await res.redirect(`/login?sso_error=${encodeURIComponent(code)}`, 302);
      return;
    }
    const { url, flowCookie } = started;
    // Lax, not Strict: the browser must send it when the provider redirects it back here (a cross-site navigation)
    setCookie(res, FLOW_COOKIE, flowCookie, {
      httpOnly: true,
      sameSite: 'lax',
      secure: isSecure(req),
      path: FLOW_PATH,
      maxAge: 10 * 60_000,
    });
    await res.redirect(url, 302);
  }

  /**
   * The provider sends the browser back here. Signed in: the refresh cookie is set and the sign-in page collects
   * the session (`/login?sso=1`); refused: the sign-in page says why (`/login?sso_error=<code>`).
   */
  @Public()
  @ApiPublic()
  @Get('callback')
  @ApiOperation({ summary: 'Where the identity provider returns the browser: signs in and redirects to /login' })
  @ApiResponse({ status: 302, description: 'To /login?sso=1 (signed in) or /login?sso_error=<code> (refused)' })
  @ApiErrors(404)
  async callback(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    this.requireEnabled();
    clearCookie(res, FLOW_COOKIE, { httpOnly: true, sameSite: 'lax', secure: isSecure(req), path: FLOW_PATH });
    try {
      const url = new URL(req.originalUrl, this.callbackBase());
      const session = await this.oidc.finish(url, flowCookieOf(req));
      answer(req, res, session);
      await res.redirect('/login?sso=1', 302);
    } catch (e) {
      const code = e instanceof DomainError ? e.code : 'SSO_FAILED';
      await res.redirect(`/login?sso_error=${encodeURIComponent(code)}`, 302);
    }
  }

  /**
   * Ends this PumpWatch session (as POST /api/auth/logout) and answers where to send the browser so the hospital's
   * session ends too (null after a password sign-in).
   */
  @ApiBearerAuth()
  @DuringMfaEnrolment()
  @Post('logout')
  @HttpCode(200)
  @ApiOperation({
    summary: "Signs out (as /api/auth/logout) and answers the provider's sign-out address to end that session too",
  })
  @ApiObject('{ endSessionUrl: string | null } (null after a password sign-in)')
  async logout(
    @CurrentUser() actor: Actor,
    @CurrentSessionId() sessionId: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<{ endSessionUrl: string | null }> {
    const idToken = await this.sessions.oidcIdToken(sessionId);
    await this.sessions.end(sessionId, 'sign-out', actor.id);
    clearRefreshCookie(req, res);
    return { endSessionUrl: await this.oidc.endSessionUrl(idToken) };
  }

  private requireEnabled(): void {
    if (!this.oidc.enabled) throw new DomainError('NOT_FOUND', 'Single sign-on is not set up for this clinic');
  }

  /** The public address the provider redirected to (the registered redirect URI's origin). */
  private callbackBase(): string {
    return new URL(this.oidc.redirectUri).origin;
  }
}
