import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  APPOINTMENT_STATUSES,
  type AppointmentStatus,
  type CreateAppointmentRequest,
  type UpdateAppointmentRequest,
} from '@pumpwatch/contracts';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

export class CreateAppointmentDto implements CreateAppointmentRequest {
  @ApiProperty({ format: 'uuid' }) @IsUUID() pumpId!: string;
  @ApiProperty({ format: 'date-time', description: 'not in the past (422 APPOINTMENT_IN_PAST)' })
  @IsISO8601({ strict: true })
  at!: string;
  @ApiProperty({ enum: ['refill'] }) @IsIn(['refill']) kind!: 'refill';
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class UpdateAppointmentDto implements UpdateAppointmentRequest {
  @ApiProperty({
    enum: ['cancelled', 'missed'],
    description: 'only a booked appointment changes; "missed" only once its time has passed',
  })
  @IsIn(['cancelled', 'missed'])
  status!: 'cancelled' | 'missed';

  @ApiPropertyOptional({ description: 'the version you read (or If-Match); a stale one gets 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  version?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class ListAppointmentsQuery {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() pumpId?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'appointments at or after this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'appointments before this instant' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
  @ApiPropertyOptional({ enum: APPOINTMENT_STATUSES })
  @IsOptional()
  @IsIn(APPOINTMENT_STATUSES)
  status?: AppointmentStatus;
}
