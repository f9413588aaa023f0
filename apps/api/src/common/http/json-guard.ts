import type { IncomingHttpHeaders } from 'node:http';

/** Deeper JSON than any request needs; deeper bodies would overflow the stack in class-transformer (a 500). */
export const MAX_JSON_DEPTH = 32;

/**
 * Keys class-transformer drops silently (its prototype-pollution guard), so the validation pipe never sees them
 * and `forbidNonWhitelisted` cannot refuse them; refused here instead, like any other unknown field.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Iterative (no recursion, so the check itself cannot overflow): the first problem with the body, if any. */
export function jsonBodyProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | undefined {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    // a lone surrogate cannot be stored as UTF-8 (PostgreSQL would keep U+FFFD) and crashes validator.js's isEmail
    if (typeof v === 'string' && LONE_SURROGATE.test(v)) return 'A string contains invalid Unicode (a lone surrogate)';
    // |x| < 1e-6 prints as "1e-7", which crashes class-validator's maxDecimalPlaces check (a 500); no clinical
    // quantity is that small, so such numbers are refused as malformed
    if (typeof v === 'number' && v !== 0 && Math.abs(v) < 1e-6) return `The number ${v} is too small to be a quantity`;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return `The JSON body is nested more than ${maxDepth} levels deep`;
    for (const key of Object.keys(v)) {
      if (FORBIDDEN_KEYS.has(key)) return `property ${key} should not exist`;
      if (LONE_SURROGATE.test(key)) return 'A property name contains invalid Unicode (a lone surrogate)';
      stack.push([(v as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return undefined;
}

/** The one route that takes a file: the spreadsheet import (its own size and content checks run in its module). */
const FILE_UPLOAD_ROUTES = new Set(['/api/imports']);

function isFileUpload(method: string, path: string, contentType: string | undefined): boolean {
  return method === 'POST' && FILE_UPLOAD_ROUTES.has(path) && /^multipart\/form-data\b/i.test(contentType ?? '');
}

/** An answer the API gives to a body it refuses before any work. */
export interface BodyRefusal {
  statusCode: 400 | 415;
  body: { statusCode: 400 | 415; code: 'UNSUPPORTED_MEDIA_TYPE' | 'VALIDATION_FAILED'; message: string };
}

/**
 * After the JSON parser: refuses non-JSON bodies (415) and the bodies above (400) before any work. A body the JSON
 * parser skipped (text/plain, form, XML…) would reach the handlers as "no body": refused instead.
 */
export function refuseBody(
  method: string,
  path: string,
  headers: IncomingHttpHeaders,
  body: unknown,
  duplicateKey?: string,
): BodyRefusal | undefined {
  const hasBody = headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0;
  if (isFileUpload(method, path, headers['content-type'])) return undefined;
  if (hasBody && path.startsWith('/api') && !/^application\/([\w.-]+\+)?json\b/i.test(headers['content-type'] ?? '')) {
    return {
      statusCode: 415,
      body: {
        statusCode: 415,
        code: 'UNSUPPORTED_MEDIA_TYPE',
        message: 'Request bodies must be JSON (Content-Type: application/json)',
      },
    };
  }
  const problem =
    duplicateKey !== undefined
      ? `The property ${JSON.stringify(duplicateKey)} appears twice in one object: send each property once`
      : jsonBodyProblem(body);
  return problem
    ? { statusCode: 400, body: { statusCode: 400, code: 'VALIDATION_FAILED', message: problem } }
    : undefined;
}
