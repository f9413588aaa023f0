import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ALARM_PRIORITIES,
  DELIVERY_STATUSES,
  NOTIFICATION_EVENTS,
  type AlarmPriority,
  type CreateNotificationChannelRequest,
  type CreateOnCallShiftRequest,
  type DeliveryStatus,
  type NotificationEvent,
  type NotificationPrefsDto,
  type OnCallLevel,
} from '@pumpwatch/contracts';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/**
 * Shapes only (wrong types → 400). The clinic's rules on the values — http(s) URL without credentials, a secret
 * of at least 16 characters, at least one event — are checked by the service and refused with 422, as are a
 * missing url or secret.
 */
export class CreateChannelDto implements Partial<Omit<CreateNotificationChannelRequest, 'kind'>> {
  @ApiProperty() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiProperty({ enum: ['webhook'] }) @IsOptional() @IsString() kind?: string;
  @ApiProperty() @IsOptional() @IsString() @MaxLength(2000) url?: string;
  @ApiProperty({ minLength: 16 }) @IsOptional() @IsString() @MaxLength(500) secret?: string;
  @ApiProperty({ enum: NOTIFICATION_EVENTS, isArray: true })
  @IsOptional()
  @IsArray()
  @IsIn(NOTIFICATION_EVENTS, { each: true })
  events?: NotificationEvent[];
  @ApiPropertyOptional({ enum: ALARM_PRIORITIES, default: 'low' })
  @IsOptional()
  @IsIn(ALARM_PRIORITIES)
  minPriority?: AlarmPriority;
}

export class CreateOnCallDto implements Partial<CreateOnCallShiftRequest> {
  @ApiProperty({ format: 'uuid' }) @IsUUID() userId!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) startsAt!: string;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) endsAt!: string;
  @ApiProperty({ enum: [1, 2] }) @IsInt() @IsIn([1, 2]) level!: OnCallLevel;
}

export class OnCallQuery {
  @ApiPropertyOptional({ format: 'date-time', description: 'instant; default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'with `to`: every shift overlapping [from, to) instead' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) to?: string;
}

export class UpdatePrefsDto implements Partial<NotificationPrefsDto> {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() email?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() digest?: boolean;
}

export class DeliveryQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() alarmId?: string;
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES }) @IsOptional() @IsIn(DELIVERY_STATUSES) status?: DeliveryStatus;
  @ApiPropertyOptional({ default: 200, maximum: 1000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
