import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SignInRequest } from '@pumpwatch/contracts';
import { IsEmail, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements SignInRequest {
  @ApiProperty({ example: 'nurse@demo.pumpwatch.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'pumpwatch-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;

  @ApiPropertyOptional({
    description:
      'the 6-digit code of the authenticator app (or a recovery code) once a second factor is set up; without it ' +
      'such a user gets 401 MFA_REQUIRED',
  })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  totp?: string;
}
