import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateDoseProgramRequest, FlexStepDto } from '@pumpwatch/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

const num = { allowNaN: false, allowInfinity: false };

export class FlexStepBody implements FlexStepDto {
  @ApiProperty() @IsInt() @Min(1) @Max(1440) durationMinutes!: number;
  @ApiProperty() @IsNumber({ ...num, maxDecimalPlaces: 3 }) @Min(0) @Max(1000) doseRateMcgPerHour!: number;
}

export class OverrideBody {
  @ApiProperty({ description: 'why the physician overrides the guard rail (documented, needs verification)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason!: string;
}

export class CreateDoseProgramDto implements CreateDoseProgramRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'default now; a future instant schedules the change (at most 90 days ahead); never before the last refill',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveAt?: string;

  @ApiPropertyOptional({ description: 'exactly one of basalDoseMcgPerDay / flexSteps' })
  @IsOptional()
  @IsNumber({ ...num, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(100000)
  basalDoseMcgPerDay?: number;

  @ApiPropertyOptional({
    type: [FlexStepBody],
    description: 'repeating 24-hour cycle, 1–13 steps whose durations sum to 1440 min (else 422 FLEX_STEPS_NOT_24H)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(13)
  @ValidateNested({ each: true })
  @Type(() => FlexStepBody)
  flexSteps?: FlexStepBody[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsNumber({ ...num, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(10000)
  bolusDoseMcg?: number;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(0) @Max(100) maxBolusesPerDay?: number;

  @ApiPropertyOptional({ type: OverrideBody, description: 'moves overridable guard-rail errors to `overridden`' })
  @IsOptional()
  @ValidateNested()
  @Type(() => OverrideBody)
  override?: OverrideBody;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class VerifyDoseProgramDto {
  @ApiPropertyOptional({ description: 'the version you read (or If-Match); a stale one gets 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class DoseChangeContextQuery {
  @ApiPropertyOptional({
    description: 'when the proposed program would take effect (default now)',
    format: 'date-time',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  effectiveAt?: string;
}
