import { Param, type PipeTransform } from '@nestjs/common';
import { assertUuid } from '../db/write';

class ParseIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    assertUuid(value);
    return value;
  }
}

/** A route id: anything that is not a UUID cannot exist, so it is a 404 NOT_FOUND like a missing one. */
export const IdParam = (name = 'id') => Param(name, new ParseIdPipe());
