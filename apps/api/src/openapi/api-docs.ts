import { applyDecorators, Headers, Query, type Type } from '@nestjs/common';
import {
  ApiExtension,
  ApiHeader,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  getSchemaPath,
  type ApiResponseOptions,
} from '@nestjs/swagger';
import { ErrorEnvelope } from './schemas/error-envelope';

/**
 * OpenAPI helpers that keep the document true to what the routes do: optional headers declared optional,
 * non-JSON bodies with their media type, the error envelope on every 4xx.
 */

/** Runs a method decorator from a parameter decorator: the header a parameter reads is documented once. */
function onMethod(decorator: MethodDecorator): ParameterDecorator {
  return (target, key) => {
    if (key === undefined) return;
    decorator(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
}
const all =
  (...decorators: ParameterDecorator[]): ParameterDecorator =>
  (target, key, index) => {
    for (const d of decorators) d(target, key, index);
  };

/** The optional `If-Match` header: the version the client last read (the body's `version` works too). */
export const IfMatch = (): ParameterDecorator =>
  all(
    Headers('If-Match'),
    onMethod(
      ApiHeader({
        name: 'If-Match',
        required: false,
        description:
          'Version of the record the client last read (same as `version` in the body): a stale one is 409 ' +
          'VERSION_CONFLICT and nothing changes',
        schema: { type: 'string', example: '"3"' },
      }),
    ),
  );

/** The optional `Idempotency-Key` header: a retry with the same key replays the first answer. */
export const IdempotencyKey = (): ParameterDecorator =>
  all(
    Headers('Idempotency-Key'),
    onMethod(
      ApiHeader({
        name: 'Idempotency-Key',
        required: false,
        description:
          'Any unique string (≤ 200 characters): a retry with the same key replays the first response instead of ' +
          'recording twice; the same key with a different body is 409 IDEMPOTENCY_KEY_REUSED',
        schema: { type: 'string', maxLength: 200 },
      }),
    ),
  );

/** An optional header parameter documented as such (Nest marks every `@Headers()` required). */
export const OptionalHeader = (name: string, description: string): ParameterDecorator =>
  all(Headers(name), onMethod(ApiHeader({ name, required: false, description, schema: { type: 'string' } })));

/** An optional query parameter documented as such (Nest marks every `@Query(name)` required). */
export const OptionalQuery = (name: string, description: string, format?: string): ParameterDecorator =>
  all(
    Query(name),
    onMethod(
      ApiQuery({ name, required: false, description, schema: { type: 'string', ...(format ? { format } : {}) } }),
    ),
  );

const ERROR_WORDS: Record<number, string> = {
  400: 'Invalid input (VALIDATION_FAILED with the fields, or another typed code); nothing changed',
  401: 'No valid access token (UNAUTHORIZED)',
  403: 'The role may not do this (FORBIDDEN)',
  404: 'No such record (NOT_FOUND); an id that is not a UUID is a 404 too',
  409: 'Changed by someone else since it was read (VERSION_CONFLICT) or a conflicting record; nothing changed',
  413: 'Too large (e.g. IMPORT_TOO_LARGE)',
  422: 'A clinical or business rule refuses it, with the code and the reason in words; nothing changed',
  429: 'Too many attempts: wait for Retry-After seconds',
  503: 'Not available right now',
};

/** The error envelope as JSON, whatever media type the route's success body has. */
export const ERROR_CONTENT = { 'application/json': { schema: { $ref: getSchemaPath(ErrorEnvelope) } } };

/** Error responses with the JSON envelope `{ statusCode, code, message, details? }`. */
export const ApiErrors = (...statuses: (keyof typeof ERROR_WORDS)[]) =>
  applyDecorators(
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_WORDS[status], content: ERROR_CONTENT })),
  );

/** A JSON success body of `type` (an array when `isArray`). */
export const ApiJson = (type: Type<unknown>, opts: { status?: number; isArray?: boolean; description?: string } = {}) =>
  ApiResponse({ status: 200, description: 'OK', ...opts, type } as ApiResponseOptions);

/** A success body that is not JSON: its media type and a string (or binary) schema. */
export const ApiBody200 = (mediaType: string, description: string, binary = false) =>
  applyDecorators(
    ApiProduces(mediaType),
    ApiResponse({
      status: 200,
      description,
      content: { [mediaType]: { schema: { type: 'string', ...(binary ? { format: 'binary' } : {}) } } },
    }),
  );

/** Marks a route reachable without a token: the document gives it `security: []`. */
export const PUBLIC_EXTENSION = 'x-pumpwatch-public';
export const ApiPublic = () => ApiExtension(PUBLIC_EXTENSION, true);

/** A JSON object body described in words (for responses without a schema class of their own yet). */
export const ApiObject = (description: string, opts: { status?: number; isArray?: boolean } = {}) =>
  ApiResponse({
    status: opts.status ?? 200,
    description,
    schema: opts.isArray
      ? { type: 'array', items: { type: 'object', additionalProperties: true } }
      : { type: 'object', additionalProperties: true },
  });

/** 204: done, no body. */
export const ApiNoContent = (description: string) => ApiResponse({ status: 204, description });

/** A FHIR JSON body (`application/fhir+json`); errors stay PumpWatch's JSON envelope. */
export const ApiFhirJson = (description: string) =>
  applyDecorators(
    ApiProduces('application/fhir+json'),
    ApiResponse({
      status: 200,
      description,
      content: {
        'application/fhir+json': {
          schema: {
            type: 'object',
            required: ['resourceType'],
            properties: { resourceType: { type: 'string' } },
            additionalProperties: true,
          },
        },
      },
    }),
  );
