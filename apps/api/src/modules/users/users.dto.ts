import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES, type Role } from '@pumpwatch/contracts';
import { IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { SingleLineText } from '../../common/http/plain-text';
import { MIN_PASSWORD_LENGTH } from './password-policy';

export class CreateUserDto {
  @ApiProperty() @IsEmail() @MaxLength(254) email!: string;
  @ApiProperty() @IsString() @SingleLineText() @MinLength(1) @MaxLength(200) name!: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role!: Role;
  @ApiProperty({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'scored by zxcvbn (≥ 3), not a common password; else 400 PASSWORD_TOO_WEAK',
  })
  @IsString()
  @MaxLength(200)
  password!: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @SingleLineText() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() active?: boolean;
  @ApiPropertyOptional({
    minLength: MIN_PASSWORD_LENGTH,
    description: 'scored by zxcvbn (≥ 3), not a common password; else 400 PASSWORD_TOO_WEAK',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  password?: string;
  @ApiProperty() @IsInt() version!: number;
}
