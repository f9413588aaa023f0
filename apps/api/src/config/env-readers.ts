import { createRequire } from 'node:module';
import { StartupError } from '../common/startup/startup-error';

/**
 * Every configuration problem found at start, one line each naming the variable, what it holds and what it
 * should hold: an operator fixes them all in one go instead of one per restart.
 */
export class ConfigError extends StartupError {
  constructor(readonly problems: readonly string[]) {
    super(
      `invalid configuration (fix the environment and start again):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

type Env = NodeJS.ProcessEnv;

// The cron parser @nestjs/schedule itself runs on (its own dependency): an expression valid here is one the
// scheduler accepts, and nothing else is.
const cronParser = createRequire(require.resolve('@nestjs/schedule'))('cron') as {
  validateCronExpression(expression: string): { valid: boolean; error?: Error };
};

/**
 * Reads the environment, collecting problems instead of throwing at the first: each reader returns the default
 * when the variable is unset or blank (a compose file's `${VAR:-}`), and a default-valued placeholder when it is
 * wrong, so that loading goes on and every problem is reported.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  /** The trimmed value, or undefined when unset or blank. */
  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value ? value : undefined;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  private problem(name: string, value: string, expected: string, why?: string): void {
    this.problems.push(`${name} must be ${expected} (got ${JSON.stringify(value)}${why ? `: ${why}` : ''})`);
  }

  /** A whole number in [min, max]; `words` name special values accepted as-is (e.g. `off` → 0). */
  integer(name: string, fallback: number, min: number, max: number, words: Record<string, number> = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value in words) return words[value];
    const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
    if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
    const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
    const alternatives = Object.keys(words).map((w) => ` or "${w}"`);
    this.problem(name, value, `a whole number ${range}${alternatives.join('')}`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.problem(name, value, `one of ${allowed.join(', ')}`);
    return fallback;
  }

  /** An absolute URL with one of `protocols` (e.g. `['http:', 'https:']`); undefined when unset. */
  url(name: string, protocols: readonly string[]): string | undefined {
    const value = this.raw(name);
    if (value === undefined) return undefined;
    if (URL.canParse(value) && protocols.includes(new URL(value).protocol)) return value;
    this.problem(name, redactUrl(value), `a URL starting ${protocols.map((p) => `${p}//`).join(' or ')}`);
    return undefined;
  }

  /** A cron expression (5 fields, or 6 with seconds first) or `off`. */
  cron(name: string, fallback: string): string {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === 'off') return value;
    const { valid, error } = cronParser.validateCronExpression(value);
    if (valid) return value;
    this.problem(name, value, 'a cron expression such as "*/5 * * * *" or "off"', error?.message);
    return fallback;
  }
}

/** A URL as it may be printed: the password, if any, replaced (database and SMTP URLs carry one). */
function redactUrl(value: string): string {
  return value.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}
