import { Param, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { assertUuid } from '../db/write';

class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    assertUuid(value);
    return value;
  }
}

/**
 * A route id: anything that is not a UUID cannot exist, so it is a 404 NOT_FOUND like a missing one. The API
 * document gives it the uuid format.
 */
export const IdParam =
  (name = 'id'): ParameterDecorator =>
  (target, key, index) => {
    Param(name, new ParseIdPipe())(target, key, index);
    if (key === undefined) return;
    ApiParam({ name, format: 'uuid', type: String })(target, key, Object.getOwnPropertyDescriptor(target, key)!);
  };
