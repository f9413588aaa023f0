import { Body, Controller, Get, Headers, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { DoseProgramDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import type { DoseChangeContext } from './dose-change-context';
import { CreateDoseProgramDto, DoseChangeContextQuery, VerifyDoseProgramDto } from './dose-programs.dto';
import { DoseProgramsService } from './dose-programs.service';

@ApiTags('dose-programs')
@ApiBearerAuth()
@Controller()
export class DoseProgramsController {
  constructor(private readonly programs: DoseProgramsService) {}

  @Get('pumps/:id/dose-programs')
  list(@IdParam() pumpId: string): Promise<DoseProgramDto[]> {
    return this.programs.list(pumpId);
  }

  /** The doseChange input without the proposal: the form's live check runs exactly the server's. */
  @Get('pumps/:id/dose-change-context')
  changeContext(@IdParam() pumpId: string, @Query() q: DoseChangeContextQuery): Promise<DoseChangeContext> {
    return this.programs.changeContext(pumpId, q.effectiveAt);
  }

  /** Dose changes and overrides are a physician's (ITB-REFERENCE §7); 422 with the engine's doseChange codes. */
  @Roles('physician')
  @Post('pumps/:id/dose-programs')
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(
    @CurrentUser() actor: Actor,
    @IdParam() pumpId: string,
    @Body() dto: CreateDoseProgramDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<DoseProgramDto> {
    return this.programs.create(actor, pumpId, dto, key);
  }

  @Roles('nurse', 'physician')
  @Post('dose-programs/:id/verify')
  @HttpCode(200)
  verify(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: VerifyDoseProgramDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<DoseProgramDto> {
    return this.programs.verify(actor, id, versionFrom(dto.version, ifMatch));
  }
}
