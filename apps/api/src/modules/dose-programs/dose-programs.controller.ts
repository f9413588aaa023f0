import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DoseProgramDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import type { DoseChangeContext } from './dose-change-context';
import { CreateDoseProgramDto, DoseChangeContextQuery, VerifyDoseProgramDto } from './dose-programs.dto';
import { DoseProgramsService } from './dose-programs.service';
import { ApiErrors, ApiJson, ApiObject, IdempotencyKey, IfMatch } from '../../openapi/api-docs';
import { DoseProgramSchema } from '../../openapi/schemas/pumps';

@ApiTags('dose-programs')
@ApiBearerAuth()
@Controller()
export class DoseProgramsController {
  constructor(private readonly programs: DoseProgramsService) {}

  @Get('pumps/:id/dose-programs')
  @ApiOperation({ summary: 'Dose programs of a pump, in the order they take effect' })
  @ApiJson(DoseProgramSchema, { isArray: true })
  list(@IdParam() pumpId: string): Promise<DoseProgramDto[]> {
    return this.programs.list(pumpId);
  }

  /** The doseChange input without the proposal: the form's live check runs exactly the server's. */
  @Get('pumps/:id/dose-change-context')
  @ApiOperation({
    summary:
      "What the dose-change check reads for this pump (current and scheduled programs, history, planning fields), for the form's live check",
  })
  @ApiObject('DoseChangeContext')
  changeContext(@IdParam() pumpId: string, @Query() q: DoseChangeContextQuery): Promise<DoseChangeContext> {
    return this.programs.changeContext(pumpId, q.effectiveAt);
  }

  /**
   * Dose changes and overrides are a physician's (docs/clinical/PROJECTION-AND-ALARMS.md §10); 422 with the engine's
   * doseChange codes.
   */
  @Roles('physician')
  @Post('pumps/:id/dose-programs')
  @ApiOperation({
    summary: "Programs a new dose (physician); 422 with the engine's guard-rail codes unless a reason may lift them",
  })
  @ApiJson(DoseProgramSchema, { status: 201 })
  @ApiErrors(409, 422)
  create(
    @CurrentUser() actor: Actor,
    @IdParam() pumpId: string,
    @Body() dto: CreateDoseProgramDto,
    @IdempotencyKey() key?: string,
  ): Promise<DoseProgramDto> {
    return this.programs.create(actor, pumpId, dto, key);
  }

  @Roles('nurse', 'physician')
  @Post('dose-programs/:id/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Second-clinician verification of a dose program (not by the physician who programmed it)' })
  @ApiJson(DoseProgramSchema)
  @ApiErrors(409, 422)
  verify(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: VerifyDoseProgramDto,
    @IfMatch() ifMatch?: string,
  ): Promise<DoseProgramDto> {
    return this.programs.verify(actor, id, versionFrom(dto.version, ifMatch));
  }
}
