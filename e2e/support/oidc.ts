/**
 * The OpenID provider the SSO spec starts, and the app's settings for it (set in support/start-app.mjs from the
 * same E2E_OIDC_PORT / E2E_PORT, so both sides agree).
 */
const port = Number(process.env.E2E_OIDC_PORT ?? 3199);

export const OIDC = {
  port,
  issuer: `http://127.0.0.1:${port}`,
  clientId: 'pumpwatch-e2e',
  clientSecret: 'e2e-client-secret',
  appUrl: `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`,
};
