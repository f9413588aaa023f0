import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  TRIAGE_CALLERS,
  TRIAGE_OUTCOMES,
  TRIAGE_SYMPTOMS,
  type CloseTriageCallRequest,
  type CreateTriageCallRequest,
  type TriageCaller,
  type TriageOutcome,
  type TriageSymptom,
} from '@pumpwatch/contracts';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';

export class CreateTriageCallDto implements CreateTriageCallRequest {
  @ApiPropertyOptional({
    format: 'date-time',
    description: 'when the call came in (defaults to now; at most 24 h back)',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  at?: string;

  @ApiProperty({ enum: TRIAGE_CALLERS }) @IsIn(TRIAGE_CALLERS) caller!: TriageCaller;

  @ApiProperty({ enum: TRIAGE_SYMPTOMS, isArray: true, description: 'what the caller reports ([] for nothing)' })
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(TRIAGE_SYMPTOMS.length)
  @IsIn(TRIAGE_SYMPTOMS, { each: true })
  symptoms!: TriageSymptom[];

  @ApiProperty({ description: 'the caller heard the pump alarm' }) @IsBoolean() pumpAlarmHeard!: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
}

export class CloseTriageCallDto implements CloseTriageCallRequest {
  @ApiProperty({ enum: TRIAGE_OUTCOMES }) @IsIn(TRIAGE_OUTCOMES) outcome!: TriageOutcome;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(4000) notes?: string;
  @ApiProperty({ description: 'the version you read (or send If-Match); a stale one gets 409 VERSION_CONFLICT' })
  @IsOptional()
  @IsInt()
  version!: number;
}

export class ListTriageCallsQuery {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsIn(['open', 'closed']) status?: 'open' | 'closed';
}
