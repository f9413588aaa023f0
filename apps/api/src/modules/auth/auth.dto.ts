import { ApiProperty } from '@nestjs/swagger';
import type { LoginRequest } from '@pumpwatch/contracts';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto implements LoginRequest {
  @ApiProperty({ example: 'nurse@demo.pumpwatch.local' })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'pumpwatch-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password!: string;
}
