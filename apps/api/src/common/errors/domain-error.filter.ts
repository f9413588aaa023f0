import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { API_ERROR_CODES, type ApiErrorCode, type ApiErrorEnvelope as ErrorEnvelope } from '@pumpwatch/contracts';
import { DomainError, httpStatusFor } from './domain-error';

/** Code of a framework error (routing, body parser, throttler) by its status. */
const CODE_BY_STATUS: Partial<Record<number, ApiErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  503: 'DATABASE_UNAVAILABLE',
};

const codeForStatus = (status: number): ErrorEnvelope['code'] => CODE_BY_STATUS[status] ?? `HTTP_${status}`;
const KNOWN_CODES: ReadonlySet<string> = new Set(API_ERROR_CODES);
/** A code a framework exception carries, when it is one of ours (anything else is named by its status). */
const knownCode = (code: unknown): ApiErrorCode | undefined =>
  typeof code === 'string' && KNOWN_CODES.has(code) ? (code as ApiErrorCode) : undefined;

// Connection-level failures from pg/TypeORM: the database is down, not the request wrong. TypeORM releases a
// transaction's query runner when its connection emits an error, so the transaction's next query fails with
// "Query runner already released" (the server has rolled that transaction back with the connection).
const DB_DOWN =
  /ECONNREFUSED|ECONNRESET|EPIPE|Connection terminated|terminating connection|the database system is (starting up|shutting down|not yet accepting connections|in recovery mode)|timeout exceeded when trying to connect|not queryable|socket has been ended|Client was closed|Query runner already released/i;
// SQLSTATE: class 08 connection exception; 57P01–57P03 admin/crash shutdown, cannot connect now
const DB_DOWN_SQLSTATE = /^(08...|57P0[1-3])$/;
const DB_DOWN_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);

/** Maps every error to the contract's envelope `{ statusCode, code, message, details }`. */
@Catch()
export class DomainErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toEnvelope(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    if (!res.sent && !res.raw.headersSent) void res.code(body.statusCode).send(body);
  }

  private toEnvelope(exception: unknown): ErrorEnvelope {
    if (exception instanceof DomainError) {
      return {
        statusCode: httpStatusFor(exception.code),
        code: exception.code,
        message: exception.message,
        details: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      const response = exception.getResponse() as string | { message?: unknown; code?: string };
      const raw = typeof response === 'string' ? response : response.message;
      const messages = Array.isArray(raw) ? raw.map(String) : undefined;
      return {
        statusCode,
        code: knownCode(typeof response === 'object' ? response.code : undefined) ?? codeForStatus(statusCode),
        message: messages ? messages.join('; ') : String(raw ?? exception.message),
        ...(messages ? { details: { errors: messages } } : {}),
      };
    }
    // body-parser errors carry a status (e.g. 400 invalid JSON, 413 too large)
    const status = (exception as { status?: number; type?: string })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return {
        statusCode: status,
        code: codeForStatus(status),
        message: (exception as Error).message,
      };
    }
    const message = exception instanceof Error ? exception.message : String(exception);
    // SQLSTATE class 22 (data exception: NUL byte in text, value out of range, bad datetime…) is bad input
    const sqlState = (exception as { code?: unknown })?.code;
    if (exception instanceof QueryFailedError && typeof sqlState === 'string' && sqlState.startsWith('22')) {
      return {
        statusCode: HttpStatus.BAD_REQUEST,
        code: 'VALIDATION_FAILED',
        message:
          'A value cannot be stored (e.g. a NUL character or an out-of-range number or date); nothing was saved.',
      };
    }
    const errCode = typeof sqlState === 'string' ? sqlState : '';
    if (DB_DOWN.test(message) || DB_DOWN_SQLSTATE.test(errCode) || DB_DOWN_ERRNO.has(errCode)) {
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'DATABASE_UNAVAILABLE',
        message: 'The database is unavailable; nothing was saved. Retry shortly.',
      };
    }
    return { statusCode: 500, code: 'INTERNAL_ERROR', message: 'Unexpected error' };
  }
}
