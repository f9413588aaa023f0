import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AppointmentDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CreateAppointmentDto, ListAppointmentsQuery, UpdateAppointmentDto } from './appointments.dto';
import { AppointmentsService } from './appointments.service';
import { ApiErrors, ApiJson, IdempotencyKey, IfMatch } from '../../openapi/api-docs';
import { AppointmentSchema } from '../../openapi/schemas/pumps';

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get()
  @ApiOperation({ summary: 'Refill appointments (filters: status, pump, time range)' })
  @ApiJson(AppointmentSchema, { isArray: true })
  list(@Query() q: ListAppointmentsQuery): Promise<AppointmentDto[]> {
    return this.appointments.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One appointment' })
  @ApiJson(AppointmentSchema)
  get(@IdParam() id: string): Promise<AppointmentDto> {
    return this.appointments.get(id);
  }

  /** 201 with `alarms` (APPOINTMENT_AFTER_ALARM / _AFTER_DUE_DATE) and the `projection` the booking was judged by. */
  @Roles('nurse', 'physician', 'staff')
  @Post()
  @ApiOperation({
    summary: 'Books a refill appointment: 201 with the alarms the booking raises and the projection it was judged by',
  })
  @ApiJson(AppointmentSchema, { status: 201 })
  @ApiErrors(409, 422)
  create(
    @CurrentUser() actor: Actor,
    @Body() dto: CreateAppointmentDto,
    @IdempotencyKey() key?: string,
  ): Promise<AppointmentDto> {
    return this.appointments.create(actor, dto, key);
  }

  @Roles('nurse', 'physician', 'staff')
  @Patch(':id')
  @ApiOperation({ summary: 'Cancels an appointment or marks it missed (the version read, in If-Match or the body)' })
  @ApiJson(AppointmentSchema)
  @ApiErrors(409, 422)
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateAppointmentDto,
    @IfMatch() ifMatch?: string,
  ): Promise<AppointmentDto> {
    return this.appointments.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
