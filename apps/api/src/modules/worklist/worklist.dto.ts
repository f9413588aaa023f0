import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches, MaxLength } from 'class-validator';

export class RefillWorklistQuery {
  @ApiPropertyOptional({ description: 'clinic-local date; default none (overdue included)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  from?: string;
  @ApiPropertyOptional({ description: 'clinic-local date; default today + 14 days' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  to?: string;
}

export class RefillCalendarQuery {
  @ApiProperty({ example: '2026-03' })
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;
}
