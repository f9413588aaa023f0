import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { TriageCallDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CloseTriageCallDto, CreateTriageCallDto, ListTriageCallsQuery } from './triage-calls.dto';
import { TriageCallsService } from './triage-calls.service';
import { ApiErrors, ApiObject, IfMatch } from '../../openapi/api-docs';

@ApiTags('triage-calls')
@ApiBearerAuth()
@Controller()
export class TriageCallsController {
  constructor(private readonly calls: TriageCallsService) {}

  @Roles('nurse', 'physician')
  @Post('patients/:id/triage-calls')
  @HttpCode(201)
  @ApiOperation({ summary: "Records a call about symptoms: the engine's urgency, reasons and actions for the caller" })
  @ApiObject('TriageCallDto', { status: 201 })
  @ApiErrors(422)
  create(
    @CurrentUser() actor: Actor,
    @IdParam() patientId: string,
    @Body() dto: CreateTriageCallDto,
  ): Promise<TriageCallDto> {
    return this.calls.create(actor, patientId, dto);
  }

  @Get('patients/:id/triage-calls')
  @ApiOperation({ summary: "A patient's calls about symptoms, newest first" })
  @ApiObject('TriageCallDto[]', { isArray: true })
  listForPatient(@IdParam() patientId: string): Promise<TriageCallDto[]> {
    return this.calls.listForPatient(patientId);
  }

  @Get('triage-calls')
  @ApiOperation({ summary: 'Calls about symptoms (filter status: open calls are still without outcome)' })
  @ApiObject('TriageCallDto[]', { isArray: true })
  list(@Query() q: ListTriageCallsQuery): Promise<TriageCallDto[]> {
    return this.calls.list(q.status);
  }

  @Get('triage-calls/:id')
  @ApiOperation({ summary: 'One call about symptoms' })
  @ApiObject('TriageCallDto')
  get(@IdParam() id: string): Promise<TriageCallDto> {
    return this.calls.get(id);
  }

  @Roles('nurse', 'physician')
  @Patch('triage-calls/:id')
  @ApiOperation({
    summary: 'Records the outcome of a call, which closes it (the version read, in If-Match or the body)',
  })
  @ApiObject('TriageCallDto')
  @ApiErrors(409, 422)
  close(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CloseTriageCallDto,
    @IfMatch() ifMatch?: string,
  ): Promise<TriageCallDto> {
    return this.calls.close(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch)! });
  }
}
