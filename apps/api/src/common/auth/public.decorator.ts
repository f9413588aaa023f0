import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'pumpwatch:isPublic';
/** Marks a route as reachable without a token (health, login, docs). Everything else needs auth. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
