import path from 'node:path';
import { resolveJwtSecret } from '../common/auth/jwt-secret';
import { ConfigError, EnvReader } from './env-readers';
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

/** pino's levels: README lists the usual five; `fatal` and `trace` work too. */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const MAX_PORT = 65_535;
/** The safety cap of the sweep (every pump re-evaluated at least this often) is never longer than a day. */
const MAX_FULL_EVALUATION_MINUTES = 24 * 60;

/**
 * The configuration from the environment, validated: every variable that is set must be readable (a port a
 * number, the sweep's schedule a cron expression, ...). All problems are reported together in one ConfigError
 * (main.ts prints it without a stack) before anything is written to the data folder; unset or blank variables
 * take their defaults.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = new EnvReader(env);
  const dataDir = path.resolve(read.string('PUMPWATCH_DATA_DIR', path.join(REPO_ROOT, '.data')));
  const port = read.integer('PORT', 3000, 0, MAX_PORT);
  const own = {
    port,
    host: read.string('HOST', '127.0.0.1'),
    databaseUrl: read.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir,
    embeddedPort: read.integer('PUMPWATCH_EMBEDDED_PG_PORT', 54329, 1, MAX_PORT),
    embeddedSystemDir: path.resolve(read.string('PUMPWATCH_EMBEDDED_PG_SYSTEM_DIR', '/var/lib/pumpwatch')),
    metricsToken: read.raw('PUMPWATCH_METRICS_TOKEN'),
    logLevel: read.oneOf('PUMPWATCH_LOG_LEVEL', LOG_LEVELS, 'info'),
    // a typo must not seed the demo clinic's accounts into a production database
    seed: read.oneOf('PUMPWATCH_SEED', ['demo', 'none'] as const, 'demo'),
    webDistDir: path.resolve(read.string('PUMPWATCH_WEB_DIST', path.join(REPO_ROOT, 'apps/web/dist'))),
    alarmSweepCron: read.cron('PUMPWATCH_ALARM_CRON', '*/5 * * * *'),
    fullEvaluationMinutes: read.integer('PUMPWATCH_FULL_EVALUATION_MINUTES', 60, 1, MAX_FULL_EVALUATION_MINUTES),
    corsOrigin: read.raw('PUMPWATCH_CORS_ORIGIN'),
    loginAttemptsPerMinute: read.integer('PUMPWATCH_LOGIN_RATE_LIMIT', 10, 1, Number.MAX_SAFE_INTEGER),
    smtpUrl: read.url('PUMPWATCH_SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: read.string('PUMPWATCH_MAIL_FROM', 'PumpWatch <pumpwatch@localhost>'),
    publicUrl: (read.url('PUMPWATCH_PUBLIC_URL', ['http:', 'https:']) ?? `http://127.0.0.1:${port}`).replace(
      /\/+$/,
      '',
    ),
    notifyPollMs: read.integer('PUMPWATCH_NOTIFY_POLL_MS', 1000, 0, Number.MAX_SAFE_INTEGER, { off: 0 }),
    drainDelayMs: read.integer('PUMPWATCH_DRAIN_DELAY_MS', 0, 0, Number.MAX_SAFE_INTEGER),
  };
  if (read.problems.length) throw new ConfigError(read.problems);
  let security: SecurityConfig;
  try {
    security = loadSecurityConfig(env, dataDir);
  } catch (e) {
    // the security settings name their variable in the message: report them like the others
    if (e instanceof Error && /^(PUMPWATCH_|JWT_)/.test(e.message)) throw new ConfigError([e.message]);
    throw e;
  }
  return Object.assign(new AppConfig(), {
    ...own,
    jwtSecret: resolveJwtSecret(env, dataDir),
    jwtTtlSeconds: accessTokenSeconds(env),
    security,
  });
}
