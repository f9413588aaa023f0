import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { MfaConfirmedDto, MfaEnrolmentDto, MfaStatusDto } from '@pumpwatch/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentSessionId, CurrentUser, type Actor } from '../../common/auth/actor';
import { DuringMfaEnrolment } from '../../common/auth/public.decorator';
import { MfaService } from './mfa.service';

export class MfaCodeDto {
  @ApiProperty({ description: 'the 6 digits the authenticator app shows (to remove the factor: or a recovery code)' })
  @IsString()
  @MinLength(6)
  @MaxLength(32)
  code!: string;
}

/** The signed-in user's own second factor (every role; reachable while the clinic still requires one). */
@ApiTags('auth')
@ApiBearerAuth()
@DuringMfaEnrolment()
@Controller('auth/mfa')
export class MfaController {
  constructor(private readonly mfa: MfaService) {}

  @Get()
  status(@CurrentUser() actor: Actor): Promise<MfaStatusDto> {
    return this.mfa.status(actor);
  }

  /** Starts setting up an authenticator app: a new secret, not in force until confirmed with a code. */
  @Post('totp')
  enrol(@CurrentUser() actor: Actor): Promise<MfaEnrolmentDto> {
    return this.mfa.enrol(actor);
  }

  /** A first code from the app turns the factor on; the answer holds the recovery codes, shown this once. */
  @Post('totp/confirm')
  @HttpCode(200)
  confirm(
    @CurrentUser() actor: Actor,
    @CurrentSessionId() sessionId: string,
    @Body() dto: MfaCodeDto,
  ): Promise<MfaConfirmedDto> {
    return this.mfa.confirm(actor, sessionId, dto.code);
  }

  /** Removes the factor (a current code or a recovery code proves it is the owner). */
  @Delete('totp')
  @HttpCode(204)
  disable(@CurrentUser() actor: Actor, @Body() dto: MfaCodeDto): Promise<void> {
    return this.mfa.disableOwn(actor, dto.code);
  }
}
