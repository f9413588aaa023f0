import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StartupError } from '../src/common/startup/startup-error';
import { loadConfig } from '../src/config/config';
import { ConfigError } from '../src/config/env-readers';

/** Start-up configuration: every variable that is set must be readable, and problems are named together. */
describe('loadConfig', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumpwatch-config-'));
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => loadConfig({ PUMPWATCH_DATA_DIR: dataDir, ...env });
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      load(env);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      // main.ts prints a StartupError's message without a stack
      expect(e).toBeInstanceOf(StartupError);
      return [...(e as ConfigError).problems];
    }
    throw new Error(`accepted ${JSON.stringify(env)}`);
  };

  it('takes the documented defaults from an empty environment, blank values included', () => {
    const blank = { PORT: '', PUMPWATCH_ALARM_CRON: ' ', PUMPWATCH_FULL_EVALUATION_MINUTES: '' };
    for (const env of [{}, blank] as Record<string, string>[]) {
      const c = load(env);
      expect(c).toMatchObject({
        port: 3000,
        host: '127.0.0.1',
        databaseUrl: undefined,
        dataDir,
        embeddedPort: 54329,
        logLevel: 'info',
        seed: 'demo',
        alarmSweepCron: '*/5 * * * *',
        fullEvaluationMinutes: 60,
        loginAttemptsPerMinute: 10,
        smtpUrl: undefined,
        mailFrom: 'PumpWatch <pumpwatch@localhost>',
        publicUrl: 'http://127.0.0.1:3000',
        notifyPollMs: 1000,
        drainDelayMs: 0,
      });
    }
  });

  it('reads valid values', () => {
    const c = load({
      PORT: '8080',
      DATABASE_URL: 'postgres://app:secret@db:5432/pumpwatch',
      PUMPWATCH_ALARM_CRON: '*/10 * * * * *',
      PUMPWATCH_FULL_EVALUATION_MINUTES: '30',
      PUMPWATCH_SEED: 'none',
      PUMPWATCH_LOG_LEVEL: 'warn',
      PUMPWATCH_NOTIFY_POLL_MS: 'off',
      PUMPWATCH_PUBLIC_URL: 'https://pumpwatch.hospital.org/',
      PUMPWATCH_SMTP_URL: 'smtps://user:pass@mail:465',
      PUMPWATCH_DRAIN_DELAY_MS: '5000',
    });
    expect(c).toMatchObject({
      port: 8080,
      databaseUrl: 'postgres://app:secret@db:5432/pumpwatch',
      alarmSweepCron: '*/10 * * * * *',
      fullEvaluationMinutes: 30,
      seed: 'none',
      logLevel: 'warn',
      notifyPollMs: 0,
      publicUrl: 'https://pumpwatch.hospital.org',
      drainDelayMs: 5000,
    });
    expect(load({ PUMPWATCH_ALARM_CRON: 'off' }).alarmSweepCron).toBe('off');
  });

  it('refuses a port that is not a number instead of starting on NaN', () => {
    expect(problemsOf({ PORT: 'eighty' })).toEqual(['PORT must be a whole number from 0 to 65535 (got "eighty")']);
    expect(problemsOf({ PORT: '70000' })).toEqual(['PORT must be a whole number from 0 to 65535 (got "70000")']);
    expect(problemsOf({ PUMPWATCH_EMBEDDED_PG_PORT: '5432x' })).toHaveLength(1);
  });

  it('refuses a full-evaluation interval that is not a whole number of minutes from 1 to a day', () => {
    for (const value of ['1.5', '0', '-5', 'sixty', '1e3', '1441']) {
      expect(problemsOf({ PUMPWATCH_FULL_EVALUATION_MINUTES: value })).toEqual([
        `PUMPWATCH_FULL_EVALUATION_MINUTES must be a whole number from 1 to 1440 (got "${value}")`,
      ]);
    }
  });

  it('refuses a sweep schedule the scheduler could not run', () => {
    for (const value of ['every five minutes', '*/5 * * *', '61 * * * *']) {
      const [problem, ...rest] = problemsOf({ PUMPWATCH_ALARM_CRON: value });
      expect(rest).toEqual([]);
      expect(problem).toContain(`PUMPWATCH_ALARM_CRON must be a cron expression such as "*/5 * * * *" or "off"`);
      expect(problem).toContain(JSON.stringify(value));
    }
  });

  it('refuses a demo-seed setting it does not know rather than seeding the demo clinic', () => {
    expect(problemsOf({ PUMPWATCH_SEED: 'None' })).toEqual(['PUMPWATCH_SEED must be one of demo, none (got "None")']);
  });

  it('refuses URLs of the wrong kind without printing their password', () => {
    const problems = problemsOf({
      DATABASE_URL: 'mysql://app:hunter2@db/pumpwatch',
      PUMPWATCH_PUBLIC_URL: 'pumpwatch.hospital.org',
      PUMPWATCH_SMTP_URL: 'mail.hospital.org:25',
    });
    expect(problems).toEqual([
      'DATABASE_URL must be a URL starting postgres:// or postgresql:// (got "mysql://app:***@db/pumpwatch")',
      'PUMPWATCH_SMTP_URL must be a URL starting smtp:// or smtps:// (got "mail.hospital.org:25")',
      'PUMPWATCH_PUBLIC_URL must be a URL starting http:// or https:// (got "pumpwatch.hospital.org")',
    ]);
    expect(problems.join('\n')).not.toContain('hunter2');
  });

  it('reports every problem at once, and writes nothing to the data folder when any is found', () => {
    const problems = problemsOf({
      PORT: 'abc',
      PUMPWATCH_FULL_EVALUATION_MINUTES: '2.5',
      PUMPWATCH_ALARM_CRON: 'hourly',
      PUMPWATCH_LOG_LEVEL: 'verbose',
      PUMPWATCH_NOTIFY_POLL_MS: 'never',
      PUMPWATCH_DRAIN_DELAY_MS: '-1',
      PUMPWATCH_LOGIN_RATE_LIMIT: '0',
    });
    expect(problems.map((p) => p.split(' ')[0])).toEqual([
      'PORT',
      'PUMPWATCH_LOG_LEVEL',
      'PUMPWATCH_ALARM_CRON',
      'PUMPWATCH_FULL_EVALUATION_MINUTES',
      'PUMPWATCH_LOGIN_RATE_LIMIT',
      'PUMPWATCH_NOTIFY_POLL_MS',
      'PUMPWATCH_DRAIN_DELAY_MS',
    ]);
    expect(problems).toContain('PUMPWATCH_NOTIFY_POLL_MS must be a whole number 0 or more or "off" (got "never")');
    expect(fs.readdirSync(dataDir)).toEqual([]);
  });

  it('reports a security setting it cannot read in the same way', () => {
    expect(problemsOf({ PUMPWATCH_REQUIRE_MFA: 'sometimes' })).toEqual([
      'PUMPWATCH_REQUIRE_MFA must be admin, all or none (got sometimes)',
    ]);
  });

  it('prints one readable message naming each variable', () => {
    expect(() => load({ PORT: 'abc', PUMPWATCH_FULL_EVALUATION_MINUTES: 'x' })).toThrow(
      'invalid configuration (fix the environment and start again):\n' +
        '  - PORT must be a whole number from 0 to 65535 (got "abc")\n' +
        '  - PUMPWATCH_FULL_EVALUATION_MINUTES must be a whole number from 1 to 1440 (got "x")',
    );
  });
});
