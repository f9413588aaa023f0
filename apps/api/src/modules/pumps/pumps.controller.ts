import { Body, Controller, Get, Headers, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { PumpDto, PumpEventDto, PumpStatusDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CreatePumpEventDto } from '../pump-events/pump-events.dto';
import { PumpEventsService } from '../pump-events/pump-events.service';
import { ProjectionService } from '../projection/projection.service';
import { CreatePumpDto, UpdatePumpDto } from './pumps.dto';
import { PumpsService } from './pumps.service';

@ApiTags('pumps')
@ApiBearerAuth()
@Controller()
export class PumpsController {
  constructor(
    private readonly pumps: PumpsService,
    private readonly events: PumpEventsService,
    private readonly projection: ProjectionService,
  ) {}

  @Roles('physician', 'admin')
  @Post('patients/:id/pumps')
  create(@CurrentUser() actor: Actor, @IdParam() patientId: string, @Body() dto: CreatePumpDto): Promise<PumpDto> {
    return this.pumps.create(actor, patientId, dto);
  }

  @Get('pumps/:id')
  get(@IdParam() id: string): Promise<PumpDto> {
    return this.pumps.get(id);
  }

  /** The engine's status for now: reservoir, alarm/empty instants, due date, projection alarms. */
  @Get('pumps/:id/status')
  status(@IdParam() id: string): Promise<PumpStatusDto> {
    return this.projection.status(id);
  }

  @Roles('physician', 'admin')
  @Patch('pumps/:id')
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdatePumpDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PumpDto> {
    return this.pumps.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Get('pumps/:id/events')
  listEvents(@IdParam() id: string): Promise<PumpEventDto[]> {
    return this.events.list(id);
  }

  @Roles('nurse', 'physician')
  @Post('pumps/:id/events')
  recordEvent(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreatePumpEventDto,
  ): Promise<PumpEventDto> {
    return this.events.record(actor, id, dto);
  }
}
