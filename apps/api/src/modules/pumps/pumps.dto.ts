import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PUMP_MODELS, RESERVOIR_CAPACITIES_ML, type CreatePumpRequest, type PumpModel } from '@pumpwatch/contracts';
import { POLICY_BOUNDS } from '@pumpwatch/domain';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const num = { allowNaN: false, allowInfinity: false };
/** A pump's own worst-case factor stays within the clinic policy's bounds (packages/domain policy-bounds.ts). */
const WORST_CASE = POLICY_BOUNDS.worstCaseFactor;

export class CreatePumpDto implements CreatePumpRequest {
  @ApiProperty({ enum: PUMP_MODELS }) @IsIn(PUMP_MODELS) model!: PumpModel;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(64) serialNumber!: string;
  @ApiProperty({ enum: RESERVOIR_CAPACITIES_ML }) @IsIn(RESERVOIR_CAPACITIES_ML) reservoirCapacityMl!: 20 | 40;
  @ApiPropertyOptional({ description: 'default by model: 2.0 mL, Prometra 3.0 mL' })
  @IsOptional()
  @IsNumber(num)
  @Min(0.5)
  @Max(10)
  lowReservoirAlarmMl?: number;
  @ApiProperty({ format: 'date-time' }) @IsISO8601({ strict: true }) implantedAt!: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true }) manufacturedAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) catheterModel?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber(num) @Min(0) @Max(5) catheterVolumeMl?: number;
  @ApiPropertyOptional({ format: 'date', description: 'expected battery end (YYYY-MM-DD)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MaxLength(10)
  eriDate?: string;
  @ApiPropertyOptional({ description: 'per-pump worst-case over-infusion factor (≥ 1)' })
  @IsOptional()
  @IsNumber(num)
  @Min(WORST_CASE.min)
  @Max(WORST_CASE.max)
  worstCaseFactor?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber(num) @Min(0.1) @Max(20) discrepancyThresholdMl?: number;
}

export class UpdatePumpDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber(num) @Min(0.5) @Max(10) lowReservoirAlarmMl?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) catheterModel?: string;
  @ApiPropertyOptional() @IsOptional() @IsNumber(num) @Min(0) @Max(5) catheterVolumeMl?: number;
  @ApiPropertyOptional({ format: 'date' }) @IsOptional() @IsISO8601({ strict: true }) @MaxLength(10) eriDate?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber(num)
  @Min(WORST_CASE.min)
  @Max(WORST_CASE.max)
  worstCaseFactor?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber(num) @Min(0.1) @Max(20) discrepancyThresholdMl?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() version?: number;
}
