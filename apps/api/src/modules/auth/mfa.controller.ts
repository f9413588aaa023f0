import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { MfaConfirmedDto, MfaEnrolmentDto, MfaStatusDto } from '@pumpwatch/contracts';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { CurrentSessionId, CurrentUser, type Actor } from '../../common/auth/actor';
import { DuringMfaEnrolment } from '../../common/auth/public.decorator';
import { MfaService } from './mfa.service';
import { ApiErrors, ApiNoContent, ApiObject } from '../../openapi/api-docs';

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
  @ApiOperation({ summary: "The signed-in user's second factor: enabled, required by the clinic, recovery codes left" })
  @ApiObject('MfaStatusDto')
  status(@CurrentUser() actor: Actor): Promise<MfaStatusDto> {
    return this.mfa.status(actor);
  }

  /** Starts setting up an authenticator app: a new secret, not in force until confirmed with a code. */
  @Post('totp')
  @ApiOperation({
    summary: 'Starts setting up an authenticator app: a new secret, not in force until confirmed with a code',
  })
  @ApiObject('MfaEnrolmentDto: secret and otpauth URL', { status: 201 })
  enrol(@CurrentUser() actor: Actor): Promise<MfaEnrolmentDto> {
    return this.mfa.enrol(actor);
  }

  /** A first code from the app turns the factor on; the answer holds the recovery codes, shown this once. */
  @Post('totp/confirm')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Turns the second factor on with a first code; the answer holds the recovery codes, shown this once',
  })
  @ApiObject('MfaConfirmedDto: the recovery codes')
  @ApiErrors(422)
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
  @ApiOperation({
    summary: "Removes the signed-in user's second factor (a current code or a recovery code proves it is theirs)",
  })
  @ApiNoContent('Removed')
  @ApiErrors(422)
  disable(@CurrentUser() actor: Actor, @Body() dto: MfaCodeDto): Promise<void> {
    return this.mfa.disableOwn(actor, dto.code);
  }
}
