import path from 'node:path';
import { resolveJwtSecret } from '../common/auth/jwt-secret';
import { accessTokenSeconds, loadSecurityConfig, type SecurityConfig } from './security-config';

/** Repository root: apps/api/{src,dist}/config → ../../../.. */
export const REPO_ROOT = path.resolve(__dirname, '../../../..');

/** Runtime settings from the environment (see the README's configuration table); injectable by class. */
export class AppConfig {
  port!: number;
  host!: string;
  /** Explicit server; when absent the API starts an embedded PostgreSQL. */
  databaseUrl?: string;
  dataDir!: string;
  embeddedPort!: number;
  /** Root only: binaries and cluster of the embedded PostgreSQL when its account cannot enter the data folder. */
  embeddedSystemDir!: string;
  /** Bearer token a Prometheus scrape of /metrics must present; unset = /metrics answers loopback clients only. */
  metricsToken?: string;
  /** pino level of the JSON log (`info`; `debug`, `warn`, `error`, `silent`). */
  logLevel!: string;
  seed!: 'demo' | 'none';
  webDistDir!: string;
  alarmSweepCron!: string;
  /** Every pump is fully re-evaluated at least this often, even when nothing says its alarms could change. */
  fullEvaluationMinutes!: number;
  corsOrigin?: string;
  jwtSecret!: string;
  /** Access-token lifetime in seconds (at most 15 minutes; a refresh token keeps the session going). */
  jwtTtlSeconds!: number;
  /** Sessions, sign-in, passwords, second factor, audit anchoring. */
  security!: SecurityConfig;
  /** Login attempts per minute per client address + email before 429. */
  loginAttemptsPerMinute!: number;
  /** SMTP server for alarm e-mail (`smtp://host:port`, `smtps://user:pass@host:465`); unset = e-mail off. */
  smtpUrl?: string;
  /** Sender address of PumpWatch e-mail. */
  mailFrom!: string;
  /** Base of the links in notifications (the dashboard's address as clinicians reach it). */
  publicUrl!: string;
  /** How often the delivery worker looks for due notifications, in ms; 0 = off (tests drive it). */
  notifyPollMs!: number;
  /**
   * On SIGTERM, how long the instance keeps serving with readiness 503 before it stops accepting connections, in
   * ms: time for a load balancer (Kubernetes endpoints) to stop routing to it. 0 behind nginx, which retries a
   * refused connection on another instance by itself.
   */
  drainDelayMs!: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const dataDir = path.resolve(env.PUMPWATCH_DATA_DIR ?? path.join(REPO_ROOT, '.data'));
  return Object.assign(new AppConfig(), {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '127.0.0.1',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    embeddedPort: Number(env.PUMPWATCH_EMBEDDED_PG_PORT ?? 54329),
    embeddedSystemDir: path.resolve(env.PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR || '/var/lib/pumpwatch'),
    metricsToken: env.PUMPWATCH_METRICS_TOKEN || undefined,
    logLevel: env.PUMPWATCH_LOG_LEVEL || 'info',
    seed: env.PUMPWATCH_SEED === 'none' ? 'none' : 'demo',
    webDistDir: path.resolve(env.PUMPWATCH_WEB_DIST ?? path.join(REPO_ROOT, 'apps/web/dist')),
    alarmSweepCron: env.PUMPWATCH_ALARM_CRON ?? '*/5 * * * *',
    fullEvaluationMinutes: Number(env.PUMPWATCH_FULL_EVALUATION_MINUTES ?? 60),
    corsOrigin: env.PUMPWATCH_CORS_ORIGIN || undefined,
    jwtSecret: resolveJwtSecret(env, dataDir),
    jwtTtlSeconds: accessTokenSeconds(env),
    security: loadSecurityConfig(env, dataDir),
    loginAttemptsPerMinute: Number(env.PUMPWATCH_LOGIN_RATE_LIMIT ?? 10),
    smtpUrl: env.PUMPWATCH_SMTP_URL || undefined,
    mailFrom: env.PUMPWATCH_MAIL_FROM || 'PumpWatch <pumpwatch@localhost>',
    publicUrl: (env.PUMPWATCH_PUBLIC_URL || `http://127.0.0.1:${Number(env.PORT ?? 3000)}`).replace(/\/+$/, ''),
    notifyPollMs: env.PUMPWATCH_NOTIFY_POLL_MS === 'off' ? 0 : Number(env.PUMPWATCH_NOTIFY_POLL_MS ?? 1000),
    drainDelayMs: Math.max(0, Number(env.PUMPWATCH_DRAIN_DELAY_MS ?? 0) || 0),
  });
}
