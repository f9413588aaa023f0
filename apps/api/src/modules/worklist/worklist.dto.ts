import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PAGE_LIMIT_MAX } from '@pumpwatch/contracts';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

export class RefillWorklistQuery {
  @ApiPropertyOptional({ format: 'date', description: 'clinic-local date; default none (overdue included)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  from?: string;
  @ApiPropertyOptional({ format: 'date', description: 'clinic-local date; default today + 14 days' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  to?: string;
}

/** `GET /api/worklist/refills`: the range, paged by cursor (the CSV export takes the range alone). */
export class RefillWorklistPageQuery extends RefillWorklistQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    description:
      'page size; X-Next-Cursor (absent on the last page), X-Total-Count and X-Overdue-Count response headers. ' +
      'Default: the whole worklist',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({ description: 'X-Next-Cursor of the previous page, same from/to (else 400 INVALID_CURSOR)' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class RefillCalendarQuery {
  @ApiProperty({ example: '2026-03' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;
}
