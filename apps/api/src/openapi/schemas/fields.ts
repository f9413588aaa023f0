import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';

/**
 * Property decorators for response schemas: every id a uuid, every instant a date-time, every clinic-local
 * calendar date a date; `nullable` where the API sends null.
 */
type Opts = Omit<ApiPropertyOptions, 'type' | 'format'> & { nullable?: boolean; required?: boolean };

export const Uuid = (o: Opts = {}) => ApiProperty({ type: String, format: 'uuid', ...o } as ApiPropertyOptions);
export const Instant = (o: Opts = {}) =>
  ApiProperty({ type: String, format: 'date-time', example: '2026-03-01T09:00:00.000Z', ...o } as ApiPropertyOptions);
export const LocalDate = (o: Opts = {}) =>
  ApiProperty({
    type: String,
    format: 'date',
    example: '2026-03-12',
    description: "calendar date in the clinic's time zone",
    ...o,
  } as ApiPropertyOptions);
export const Str = (o: Opts & { format?: string } = {}) => ApiProperty({ type: String, ...o } as ApiPropertyOptions);
export const Num = (o: Opts = {}) => ApiProperty({ type: Number, ...o } as ApiPropertyOptions);
export const Int = (o: Opts = {}) => ApiProperty({ type: 'integer', ...o } as ApiPropertyOptions);
export const Bool = (o: Opts = {}) => ApiProperty({ type: Boolean, ...o } as ApiPropertyOptions);
export const Enum = (values: readonly string[], o: Opts = {}) =>
  ApiProperty({ type: String, enum: [...values], ...o } as ApiPropertyOptions);
export const Strings = (o: Opts = {}) => ApiProperty({ type: [String], ...o } as ApiPropertyOptions);
export const Obj = (o: Opts = {}) =>
  ApiProperty({ type: 'object', additionalProperties: true, ...o } as ApiPropertyOptions);
