import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { TriageCallDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CloseTriageCallDto, CreateTriageCallDto, ListTriageCallsQuery } from './triage-calls.dto';
import { TriageCallsService } from './triage-calls.service';

@ApiTags('triage-calls')
@ApiBearerAuth()
@Controller()
export class TriageCallsController {
  constructor(private readonly calls: TriageCallsService) {}

  @Roles('nurse', 'physician')
  @Post('patients/:id/triage-calls')
  @HttpCode(201)
  create(
    @CurrentUser() actor: Actor,
    @IdParam() patientId: string,
    @Body() dto: CreateTriageCallDto,
  ): Promise<TriageCallDto> {
    return this.calls.create(actor, patientId, dto);
  }

  @Get('patients/:id/triage-calls')
  listForPatient(@IdParam() patientId: string): Promise<TriageCallDto[]> {
    return this.calls.listForPatient(patientId);
  }

  @Get('triage-calls')
  list(@Query() q: ListTriageCallsQuery): Promise<TriageCallDto[]> {
    return this.calls.list(q.status);
  }

  @Get('triage-calls/:id')
  get(@IdParam() id: string): Promise<TriageCallDto> {
    return this.calls.get(id);
  }

  @Roles('nurse', 'physician')
  @Patch('triage-calls/:id')
  close(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CloseTriageCallDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<TriageCallDto> {
    return this.calls.close(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch)! });
  }
}
