import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PUMP_EVENT_TYPES, type PumpEventType } from '@pumpwatch/contracts';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';

export class CreatePumpEventDto {
  @ApiProperty({ enum: PUMP_EVENT_TYPES }) @IsIn(PUMP_EVENT_TYPES) type!: PumpEventType;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) at!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}
