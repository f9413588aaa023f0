import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Helmet's defaults, whose Content-Security-Policy allows scripts from this origin only (`script-src 'self'`):
 * no inline scripts, so an injected `<script>` or `onerror=` does not run. The dashboard's build loads every
 * script from /assets and Swagger UI from /api/docs/*.js, so neither needs 'unsafe-inline'.
 */
export const securityHeaders = () => helmet();

/**
 * API answers hold patient data and are personal to the signed-in user: no browser, proxy or shared-workstation
 * cache may keep them (a back button after sign-out must not show the alarm board).
 */
export function noStoreForApi(req: Request, res: Response, next: NextFunction): void {
  if (req.path === '/api' || req.path.startsWith('/api/')) res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Source maps carry the full source of the dashboard; they are not built for production and never served. */
export const isSourceMapPath = (path: string): boolean => /\.map$/i.test(path);
