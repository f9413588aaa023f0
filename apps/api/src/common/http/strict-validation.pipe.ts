import { ValidationPipe, type ArgumentMetadata } from '@nestjs/common';
import { DomainError } from '../errors/domain-error';

/** Where @nestjs/swagger keeps a property's @ApiProperty options (read back for `nullable`). */
const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function nullAllowed(dto: object, key: string): boolean {
  const options = Reflect.getMetadata(API_MODEL_PROPERTIES, Object.getPrototypeOf(dto), key) as
    { nullable?: boolean } | undefined;
  return options?.nullable === true;
}

/**
 * Every `null` in a validated body, as a field path, unless it sits directly on a DTO property whose
 * @ApiProperty declares `nullable: true`. Nested DTOs, array elements and free-form objects (a policy record)
 * count too: no schema there says what a null would mean, so it is refused rather than guessed at.
 */
export function nullProblems(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((v, i) => (v === null ? [`${prefix}[${i}]`] : nullProblems(v, `${prefix}[${i}]`)));
  }
  if (!isPlainObject(value)) return [];
  const isDto = Object.getPrototypeOf(value) !== Object.prototype;
  return Object.entries(value).flatMap(([key, v]) => {
    const field = prefix ? `${prefix}.${key}` : key;
    if (v === null) return isDto && nullAllowed(value, key) ? [] : [field];
    return nullProblems(v, field);
  });
}

/**
 * The global validation pipe, refusing nulls as well. class-validator's @IsOptional() skips every other check
 * when a value is null *or* undefined, so `{"givenName": null}` passed validation and reached the database, where
 * the NOT NULL column turned it into a 500 (and a nullable column would have been silently cleared). Omitting a
 * field keeps meaning "leave it as it is"; null is accepted only where the API documents it (`nullable: true`,
 * e.g. "null clears the screening dose"), so the OpenAPI document stays the one statement of what null means.
 */
export class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const result: unknown = await super.transform(value, metadata);
    if (metadata.type !== 'body') return result;
    const fields = nullProblems(result);
    if (fields.length) {
      throw new DomainError('VALIDATION_FAILED', fields.map((f) => `${f}: must not be null`).join('; '), {
        errors: fields.map((field) => ({ field, problems: ['must not be null'] })),
      });
    }
    return result;
  }
}
