import type { ValidationError } from '@nestjs/common';
import { DomainError } from './domain-error';

function flatten(errors: ValidationError[], prefix = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, problems: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** class-validator failures → 400 VALIDATION_FAILED with every field's problems in `details.errors`. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const list = flatten(errors);
  const message = list.map((e) => `${e.field}: ${e.problems.join(', ')}`).join('; ') || 'Invalid request';
  return new DomainError('VALIDATION_FAILED', message, { errors: list });
}
