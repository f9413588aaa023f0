import { ApiPropertyOptional, ApiProperty } from '@nestjs/swagger';
import { DATE_FORMATS, type DateFormat } from '@pumpwatch/contracts';
import {
  ArrayMaxSize,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class UpdateClinicSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) clinicName?: string;
  @ApiPropertyOptional({ example: 'Europe/London' }) @IsOptional() @IsString() @MaxLength(64) timeZone?: string;
  @ApiPropertyOptional({
    enum: DATE_FORMATS,
    description: "How dates are typed in the clinic's forms (times are 24-hour HH:MM in the clinic zone)",
  })
  @IsOptional()
  @IsIn(DATE_FORMATS)
  dateFormat?: DateFormat;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) outOfHoursPhone?: string;
  @ApiPropertyOptional({ type: [Number], description: 'ISO weekdays 1 (Mon) … 7 (Sun)' })
  @IsOptional()
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  @ArrayMaxSize(7)
  workingDays?: number[];
  @ApiPropertyOptional({ example: '09:00' }) @IsOptional() @Matches(HHMM) openingTime?: string;
  @ApiPropertyOptional({ example: '16:00' }) @IsOptional() @Matches(HHMM) closingTime?: string;
  @ApiPropertyOptional({ description: 'Any policy fields of the engine contract; validated by the engine' })
  @IsOptional()
  @IsObject()
  policy?: Record<string, unknown>;
  @ApiPropertyOptional({ nullable: true, description: 'days before a booked refill to remind the patient; null = off' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  reminderDaysBefore?: number | null;
  @ApiProperty() @IsInt() version!: number;
}
