/**
 * The demo clinic's accounts (seeded on an empty database; their password is documented in the README). The
 * clinic's second-factor requirement does not apply to them, and no real account may take this domain.
 */
export const DEMO_EMAIL_DOMAIN = '@demo.pumpwatch.local';

export const isDemoAccount = (email: string): boolean => email.trim().toLowerCase().endsWith(DEMO_EMAIL_DOMAIN);
