import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ERROR_CONTENT } from '../../openapi/api-docs';
import type { Role } from '@pumpwatch/contracts';
import type { FastifyRequest } from 'fastify';

/** The authenticated user a request acts as; every write is audited under `id`. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export const ROLES_KEY = 'pumpwatch:roles';
/** Roles allowed on a route; a route without @Roles is open to every signed-in role. The API document says so. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiResponse({
      status: 403,
      description: `Only ${roles.join(', ')} may do this (FORBIDDEN)`,
      content: ERROR_CONTENT,
    }),
  );

/** A request the auth guard let through: who, and which sign-in session the token belongs to. */
export type AuthedRequest = FastifyRequest & { user?: Actor; sessionId?: string };

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ user: Actor }>().user;
});

/** The sign-in session of the request's token (for sign-out and the live alarm stream's re-checks). */
export const CurrentSessionId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<AuthedRequest>().sessionId!;
});
