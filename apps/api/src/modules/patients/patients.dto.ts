import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  RISK_FACTORS,
  SPASTICITY_ORIGINS,
  type CreatePatientRequest,
  type RiskFactor,
  type SpasticityOrigin,
} from '@pumpwatch/contracts';
import { Type } from 'class-transformer';
import { OralBackupPlanBody } from './oral-backup-plan';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SingleLineText } from '../../common/http/plain-text';

export class CreatePatientDto implements CreatePatientRequest {
  @ApiProperty({ example: 'MRN-000123' }) @IsString() @SingleLineText() @MinLength(1) @MaxLength(64) mrn!: string;
  @ApiProperty() @IsString() @SingleLineText() @MinLength(1) @MaxLength(100) givenName!: string;
  @ApiProperty() @IsString() @SingleLineText() @MinLength(1) @MaxLength(100) familyName!: string;
  @ApiProperty({ format: 'date', example: '1980-04-12' })
  @IsISO8601({ strict: true })
  @MaxLength(10)
  @MinLength(10)
  birthDate!: string;
  @ApiProperty({ enum: SPASTICITY_ORIGINS }) @IsIn(SPASTICITY_ORIGINS) spasticityOrigin!: SpasticityOrigin;
  @ApiProperty({ enum: RISK_FACTORS, isArray: true })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(RISK_FACTORS.length)
  @IsIn(RISK_FACTORS, { each: true })
  riskFactors!: RiskFactor[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional({ nullable: true, description: 'number for refill reminders through the SMS gateway' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()-]{3,30}$/, { message: 'contactPhone must be a phone number (digits, spaces, + ( ) -)' })
  contactPhone?: string | null;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
  @ApiPropertyOptional({
    type: OralBackupPlanBody,
    nullable: true,
    description: 'oral baclofen bridge for a withdrawal (physician or admin; null removes it)',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => OralBackupPlanBody)
  oralBackupPlan?: OralBackupPlanBody | null;
  @ApiPropertyOptional({
    nullable: true,
    description:
      'the effective intrathecal screening (test) bolus in mcg; the first programmed daily dose is limited to ' +
      'twice it (null clears it: the clinic start limit applies)',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 })
  @IsPositive()
  @Max(2000)
  screeningDoseMcg?: number | null;
}

export class UpdatePatientDto extends PartialType(CreatePatientDto) {
  @ApiPropertyOptional({
    description: 'The version you read (or send If-Match); a stale one gets 409 VERSION_CONFLICT',
  })
  @IsOptional()
  @IsInt()
  version?: number;
}

export class ListPatientsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) search?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) pageSize?: number;
}
