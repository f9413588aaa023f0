import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@pumpwatch/contracts';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors/domain-error';
import { ROLES_KEY, type AuthedRequest } from './actor';
import { DURING_MFA_ENROLMENT, IS_PUBLIC } from './public.decorator';
import { UserCache } from './user-cache';

export const ALLOW_QUERY_TOKEN = 'pumpwatch:allowQueryToken';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Global guard: bearer JWT → live session of an active user → role check. A revoked session or deactivated user
 * loses access at once on this instance, within USER_CACHE_MS on others (UserCache).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserCache,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<AuthedRequest>();
    const token = this.extractToken(req, this.reflector.getAllAndOverride<boolean>(ALLOW_QUERY_TOKEN, targets));
    if (!token) throw new DomainError('UNAUTHORIZED', 'Sign in first: missing bearer token');
    let payload: { sub?: unknown; sid?: unknown };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('UNAUTHORIZED', 'Invalid or expired token');
    }
    // every token names its sign-in session: signing out, a password or role change or deactivation ends it
    const sid = typeof payload.sid === 'string' && UUID.test(payload.sid) ? payload.sid : null;
    const session = sid ? await this.users.activeSession(sid) : null;
    if (!session || session.actor.id !== payload.sub) {
      throw new DomainError(
        'UNAUTHORIZED',
        'Your session has ended (signed out, changed or deactivated): sign in again',
      );
    }
    const user = session.actor;
    req.user = user;
    req.sessionId = sid!;
    // signed in with the password alone while the clinic requires a second factor: setting it up comes first
    if (session.enrolmentOnly && !this.reflector.getAllAndOverride<boolean>(DURING_MFA_ENROLMENT, targets)) {
      throw new DomainError(
        'MFA_ENROLMENT_REQUIRED',
        'Set up your authenticator app first (Account security): the clinic requires a second factor for your account',
      );
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private extractToken(req: FastifyRequest, allowQuery: boolean | undefined): string | undefined {
    const [scheme, value] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && value) return value;
    // EventSource cannot send headers: the SSE stream alone accepts ?access_token=
    const q = (req.query as Record<string, unknown> | undefined)?.access_token;
    return allowQuery && typeof q === 'string' ? q : undefined;
  }
}
