// Starts the built API + dashboard for the e2e run on a throw-away embedded database (fresh demo seed).
import { realpathSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// E2E_DATA_DIR / E2E_PG_PORT (with E2E_PORT in the config) let two runs coexist on one machine.
const dataDir = process.env.E2E_DATA_DIR ?? path.join(root, '.data/e2e');
// run as root from a folder PostgreSQL's account cannot enter, the cluster lives elsewhere behind a link
try {
  rmSync(realpathSync(path.join(dataDir, 'postgres')), { recursive: true, force: true });
} catch {
  // no cluster yet
}
rmSync(dataDir, { recursive: true, force: true });
process.env.PUMPWATCH_DATA_DIR = dataDir;
process.env.PUMPWATCH_EMBEDDED_PG_PORT = process.env.E2E_PG_PORT ?? '54331';
delete process.env.DATABASE_URL;
// Every spec signs the demo users in again from one address: a fast run passes the production limit of 10
// sign-ins per minute per address and email. The limit itself is tested in the API suite (auth-admin).
process.env.PUMPWATCH_LOGIN_RATE_LIMIT ??= '1000';
// Single sign-on against the OpenID provider the SSO spec starts (support/oidc.ts); discovered on first use.
const oidcPort = process.env.E2E_OIDC_PORT ?? '3199';
process.env.PUMPWATCH_OIDC_ISSUER ??= `http://127.0.0.1:${oidcPort}`;
process.env.PUMPWATCH_OIDC_CLIENT_ID ??= 'pumpwatch-e2e';
process.env.PUMPWATCH_OIDC_CLIENT_SECRET ??= 'e2e-client-secret';
process.env.PUMPWATCH_OIDC_ROLE_MAP ??= 'itb-nurses=nurse,itb-physicians=physician';
await import(path.join(root, 'apps/api/dist/main.js'));
