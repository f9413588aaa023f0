import { Body, Controller, Get, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PumpDto, PumpEventDto, PumpStatusDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CreatePumpEventDto } from '../pump-events/pump-events.dto';
import { PumpEventsService } from '../pump-events/pump-events.service';
import { ProjectionService } from '../projection/projection.service';
import { CreatePumpDto, UpdatePumpDto } from './pumps.dto';
import { PumpsService } from './pumps.service';
import { ApiErrors, ApiJson, IfMatch } from '../../openapi/api-docs';
import { PumpEventSchema, PumpSchema, PumpStatusSchema } from '../../openapi/schemas/pumps';

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
  @ApiOperation({ summary: 'Registers an implanted pump for a patient (physician, admin)' })
  @ApiJson(PumpSchema, { status: 201 })
  @ApiErrors(409, 422)
  create(@CurrentUser() actor: Actor, @IdParam() patientId: string, @Body() dto: CreatePumpDto): Promise<PumpDto> {
    return this.pumps.create(actor, patientId, dto);
  }

  @Get('pumps/:id')
  @ApiOperation({ summary: 'One pump' })
  @ApiJson(PumpSchema)
  get(@IdParam() id: string): Promise<PumpDto> {
    return this.pumps.get(id);
  }

  /** The engine's status for now: reservoir, alarm/empty instants, due date, projection alarms. */
  @Get('pumps/:id/status')
  @ApiOperation({
    summary: "The engine's status now: reservoir, alarm and empty times (nominal and worst case), refill due date",
  })
  @ApiJson(PumpStatusSchema)
  @ApiErrors(422)
  status(@IdParam() id: string): Promise<PumpStatusDto> {
    return this.projection.status(id);
  }

  @Roles('physician', 'admin')
  @Patch('pumps/:id')
  @ApiOperation({
    summary: "Changes a pump's settings or records its explant (the version read, in If-Match or the body)",
  })
  @ApiJson(PumpSchema)
  @ApiErrors(409, 422)
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdatePumpDto,
    @IfMatch() ifMatch?: string,
  ): Promise<PumpDto> {
    return this.pumps.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Get('pumps/:id/events')
  @ApiOperation({ summary: 'Events recorded on a pump (MRI, interrogation, stops, restarts, ...)' })
  @ApiJson(PumpEventSchema, { isArray: true })
  listEvents(@IdParam() id: string): Promise<PumpEventDto[]> {
    return this.events.list(id);
  }

  @Roles('nurse', 'physician')
  @Post('pumps/:id/events')
  @ApiOperation({ summary: 'Records a pump event; an interruption stops delivery until a physician records RESTARTED' })
  @ApiJson(PumpEventSchema, { status: 201 })
  @ApiErrors(409, 422)
  recordEvent(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreatePumpEventDto,
  ): Promise<PumpEventDto> {
    return this.events.record(actor, id, dto);
  }
}
