/**
 * Readers for raw (unknown, usually JSON) input: each returns the typed value or throws EngineError
 * INVALID_INPUT / INVALID_INSTANT / UNKNOWN_TIME_ZONE naming the field.
 */
import { EngineError } from './errors';
import { assertTimeZone, parseCanonicalInstant, parseInstant } from './time';

export type Raw = Record<string, unknown>;

export interface NumberRule {
  min?: number;
  /** Strictly greater than `min`. */
  exclusiveMin?: boolean;
  integer?: boolean;
}

export function invalid(path: string, message: string): never {
  throw new EngineError('INVALID_INPUT', `${path}: ${message}`);
}

/** Optional fields accept `null` as "absent": API rows and forms send null for empty values. */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function asObject(value: unknown, path: string): Raw {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, 'must be an object');
  return value as Raw;
}

export function asArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) invalid(path, 'must be an array');
  return value;
}

export function asNumber(value: unknown, path: string, rule: NumberRule = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(path, 'must be a finite number');
  if (rule.integer && !Number.isInteger(value)) invalid(path, 'must be an integer');
  if (rule.min !== undefined) {
    const below = rule.exclusiveMin ? value <= rule.min : value < rule.min;
    if (below) invalid(path, `must be ${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`);
  }
  return value;
}

export function optionalNumber(value: unknown, path: string, rule: NumberRule = {}): number | null {
  return isAbsent(value) ? null : asNumber(value, path, rule);
}

// Shared rules, and field readers that build the `path.key` text only for an error: validation runs once
// per pump on every status read, and the path strings were most of its allocations.
export const NON_NEGATIVE: NumberRule = { min: 0 };
export const NON_NEGATIVE_INTEGER: NumberRule = { min: 0, integer: true };
export const POSITIVE: NumberRule = { min: 0, exclusiveMin: true };
export const POSITIVE_INTEGER: NumberRule = { min: 0, exclusiveMin: true, integer: true };

/** True when asNumber(value, …, rule) would return `value` rather than throw. */
export function satisfies(value: unknown, rule: NumberRule): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min === undefined) return true;
  return rule.exclusiveMin ? value > rule.min : value >= rule.min;
}

export function numberField(raw: Raw, key: string, path: string, rule: NumberRule): number {
  const value = raw[key];
  return satisfies(value, rule) ? value : asNumber(value, `${path}.${key}`, rule);
}

export function optionalNumberField(raw: Raw, key: string, path: string, rule: NumberRule): number | null {
  return isAbsent(raw[key]) ? null : numberField(raw, key, path, rule);
}

export function asString(value: unknown, path: string): string {
  if (typeof value !== 'string') invalid(path, 'must be a string');
  return value;
}

export function optionalBoolean(value: unknown, path: string): boolean | null {
  if (isAbsent(value)) return null;
  if (typeof value !== 'boolean') invalid(path, 'must be a boolean');
  return value;
}

export function asInstant(value: unknown, path: string): number {
  return parseInstant(asString(value, path), path);
}

export function optionalInstant(value: unknown, path: string): number | null {
  return isAbsent(value) ? null : asInstant(value, path);
}

/** asInstant(raw[key], `${path}.${key}`), building the path only when the value is not canonical. */
export function instantField(raw: Raw, key: string, path: string): number {
  const value = raw[key];
  const fast = typeof value === 'string' ? parseCanonicalInstant(value) : NaN;
  return fast === fast ? fast : asInstant(value, `${path}.${key}`);
}

export function asEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    invalid(path, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

export function asTimeZone(value: unknown, path: string): string {
  const timeZone = asString(value, path);
  assertTimeZone(timeZone, path);
  return timeZone;
}

export function requireKey(raw: Raw, key: string, path: string): unknown {
  if (!(key in raw) || raw[key] === undefined) invalid(`${path}.${key}`, 'is required');
  return raw[key];
}
