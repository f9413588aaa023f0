import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { CreateRefillRequest } from '@pumpwatch/contracts';
import {
  IsBoolean,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const num = { allowNaN: false, allowInfinity: false };

export class CreateRefillDto implements CreateRefillRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'default now; not in the future (5 min tolerance), not before the previous refill',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiProperty({ description: 'volume aspirated before filling (a negative value is reported as 422 VOLUME_INVALID)' })
  @IsNumber({ ...num, maxDecimalPlaces: 2 })
  @Min(-100)
  @Max(100)
  actualResidualMl!: number;

  @ApiProperty({
    description: 'volume injected; the reservoir then holds exactly this (> capacity → FILL_EXCEEDS_RESERVOIR)',
  })
  @IsNumber({ ...num, maxDecimalPlaces: 2 })
  @Min(-100)
  @Max(1000)
  volumeAddedMl!: number;

  @ApiProperty({ description: 'filled concentration; must equal an active drug-library entry' })
  @IsNumber({ ...num, maxDecimalPlaces: 2 })
  @IsPositive()
  @Max(100000)
  concentrationMcgPerMl!: number;

  @ApiProperty({ description: 'read off the pump after programming; ≠ filled → 422 PROGRAMMED_CONCENTRATION_MISMATCH' })
  @IsNumber({ ...num, maxDecimalPlaces: 2 })
  @IsPositive()
  @Max(100000)
  programmedConcentrationMcgPerMl!: number;

  @ApiProperty({
    description: 'needle confirmed in the reservoir (not the pocket); false → 422 NEEDLE_POSITION_NOT_CONFIRMED',
  })
  @IsBoolean()
  needlePositionConfirmed!: boolean;

  @ApiProperty({
    format: 'uuid',
    description:
      'required: an active nurse or physician other than the recorder (missing → 422 SECOND_CHECKER_REQUIRED, ' +
      'not such a user → 422 SECOND_CHECKER_INVALID)',
  })
  @IsOptional()
  @IsUUID()
  secondCheckerId!: string;

  @ApiPropertyOptional({
    description:
      'true once the nurse, shown a discrepancy, re-aspirated, confirmed the needle position and informed the ' +
      'physician; a discrepancy without it → 422 DISCREPANCY_NOT_ACKNOWLEDGED',
  })
  @IsOptional()
  @IsBoolean()
  discrepancyAcknowledged?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(100) lotNumber?: string;

  @ApiPropertyOptional({ format: 'date', description: 'YYYY-MM-DD; before the refill date → 422 LOT_EXPIRED' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @MinLength(10)
  @MaxLength(10)
  lotExpiry?: string;

  @ApiPropertyOptional({
    description:
      'bridge bolus programmed after a concentration change: must be > 0 then (else 422 BRIDGE_BOLUS_MISSING)',
  })
  @IsOptional()
  @IsNumber({ ...num, maxDecimalPlaces: 3 })
  @Min(0)
  @Max(10000)
  bridgeBolusMcg?: number;

  @ApiPropertyOptional({
    description:
      'A concentration different from the last refill (engine warning CONCENTRATION_CHANGED) is refused with ' +
      '422 CONCENTRATION_CHANGE_UNCONFIRMED unless this is true AND bridgeBolusMcg is given: the catheter and pump ' +
      'still hold the old concentration, so a bridge bolus must be programmed and documented, and the physician ' +
      're-confirms the daily dose at the new concentration: the catheter still holds the old one.',
  })
  @IsOptional()
  @IsBoolean()
  concentrationChangeConfirmed?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}
