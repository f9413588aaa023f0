import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALARM_CODES,
  ALARM_PRIORITIES,
  ALARM_STATUSES,
  PAGE_LIMIT_MAX,
  type AcknowledgeAlarmRequest,
  type AlarmCode,
  type AlarmListQuery,
  type AlarmPriority,
  type AlarmStatusFilter,
  type ResolveAlarmRequest,
  type SnoozeAlarmRequest,
} from '@pumpwatch/contracts';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';

const STATUS_FILTERS = [...ALARM_STATUSES, 'active'] as const;
const NOT_BLANK = /\S/;

/** The alarm list's filters (`GET /api/alarms/summary` takes these alone). */
export class AlarmFilterQuery implements AlarmListQuery {
  @ApiPropertyOptional({ enum: STATUS_FILTERS, description: 'default active (every unresolved status)' })
  @IsOptional()
  @IsIn(STATUS_FILTERS)
  status?: AlarmStatusFilter;
  @ApiPropertyOptional({ enum: ALARM_PRIORITIES }) @IsOptional() @IsIn(ALARM_PRIORITIES) priority?: AlarmPriority;
  @ApiPropertyOptional({ enum: ALARM_CODES }) @IsOptional() @IsIn(ALARM_CODES) code?: AlarmCode;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() patientId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() pumpId?: string;
}

/** The filters with the older unpaged `limit` (≤ 2000): the CSV export takes these. */
export class ListAlarmsQuery extends AlarmFilterQuery {
  @ApiPropertyOptional({
    maximum: 2000,
    description: 'default: every unresolved alarm (never cut off); the latest 500 for status=resolved',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2000)
  limit?: number;
}

/**
 * `GET /api/alarms`: the list filters, paged by cursor. Without `limit` the whole list comes back as before (every
 * unresolved alarm); with it, at most `limit` rows and the X-Next-Cursor header while more follow.
 */
export class AlarmBoardQuery extends AlarmFilterQuery {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: PAGE_LIMIT_MAX,
    description:
      "page size; the X-Next-Cursor response header carries the next page's cursor (absent on the last page). " +
      'Default: every unresolved alarm (never cut off); the first 500 for status=resolved (with X-Next-Cursor)',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_LIMIT_MAX)
  limit?: number;

  @ApiPropertyOptional({
    description: 'X-Next-Cursor of the previous page, with the same filters (else 400 INVALID_CURSOR)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

class Versioned {
  @ApiPropertyOptional({ description: 'the version you read; stale → 409 (or send If-Match)' })
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}

export class AcknowledgeAlarmDto extends Versioned implements AcknowledgeAlarmRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) note?: string;
}

export class SnoozeAlarmDto extends Versioned implements SnoozeAlarmRequest {
  @ApiProperty({ format: 'date-time', description: 'instant; ≤ 24 h ahead (critical ≤ 4 h)' })
  @IsISO8601({ strict: true })
  until!: string;
  @ApiProperty()
  @IsString()
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  @MaxLength(2000)
  reason!: string;
}

export class ResolveAlarmDto extends Versioned implements ResolveAlarmRequest {
  @ApiProperty({ description: 'the documented review' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'note must not be blank' })
  @MaxLength(4000)
  note!: string;
}
