import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@pumpwatch/contracts';
import type { Request } from 'express';
import { DomainError } from '../errors/domain-error';
import type { Actor } from './actor';
import { ROLES_KEY } from './actor';
import { IS_PUBLIC } from './public.decorator';
import { UserCache } from './user-cache';

export const ALLOW_QUERY_TOKEN = 'pumpwatch:allowQueryToken';

/** Global guard: bearer JWT → active user → role check. Deactivated users lose access at once (UserCache). */
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
    const req = ctx.switchToHttp().getRequest<Request & { user?: Actor }>();
    const token = this.extractToken(req, this.reflector.getAllAndOverride<boolean>(ALLOW_QUERY_TOKEN, targets));
    if (!token) throw new DomainError('UNAUTHORIZED', 'Sign in first: missing bearer token');
    let payload: { sub?: string };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      throw new DomainError('UNAUTHORIZED', 'Invalid or expired token');
    }
    const user = typeof payload.sub === 'string' ? await this.users.activeUser(payload.sub) : null;
    if (!user) throw new DomainError('UNAUTHORIZED', 'Unknown or deactivated user');
    req.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }

  private extractToken(req: Request, allowQuery: boolean | undefined): string | undefined {
    const [scheme, value] = (req.headers.authorization ?? '').split(' ');
    if (scheme?.toLowerCase() === 'bearer' && value) return value;
    // EventSource cannot send headers: the SSE stream alone accepts ?access_token=
    const q = req.query.access_token;
    return allowQuery && typeof q === 'string' ? q : undefined;
  }
}
