import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@pumpwatch/contracts';

/** The authenticated user a request acts as; every write is audited under `id`. */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export const ROLES_KEY = 'pumpwatch:roles';
/** Roles allowed on a route; a route without @Roles is open to every signed-in role. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ user: Actor }>().user;
});
