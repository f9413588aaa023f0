/** Every migration class in order; generated with `pnpm --filter @pumpwatch/api migration:generate`. */
export const MIGRATIONS: Function[] = [];
