import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';

export class CreateDrugLibraryEntryDto {
  @ApiProperty({ example: 'Lioresal Intrathecal 2000 mcg/mL' }) @IsString() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ example: 2000 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(100000)
  concentrationMcgPerMl!: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() screeningOnly?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() compounded?: boolean;
  @ApiPropertyOptional({ default: 180 }) @IsOptional() @IsInt() @Min(1) @Max(365) maxRefillIntervalDays?: number;
}

export class UpdateDrugLibraryEntryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() screeningOnly?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() compounded?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(365) maxRefillIntervalDays?: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiProperty() @IsInt() version!: number;
}
