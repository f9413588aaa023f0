import { Body, Controller, Get, Headers, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { AppointmentDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CreateAppointmentDto, ListAppointmentsQuery, UpdateAppointmentDto } from './appointments.dto';
import { AppointmentsService } from './appointments.service';

@ApiTags('appointments')
@ApiBearerAuth()
@Controller('appointments')
export class AppointmentsController {
  constructor(private readonly appointments: AppointmentsService) {}

  @Get()
  list(@Query() q: ListAppointmentsQuery): Promise<AppointmentDto[]> {
    return this.appointments.list(q);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<AppointmentDto> {
    return this.appointments.get(id);
  }

  /** 201 with `alarms` (APPOINTMENT_AFTER_ALARM / _AFTER_DUE_DATE) and the `projection` the booking was judged by. */
  @Roles('nurse', 'physician', 'staff')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(
    @CurrentUser() actor: Actor,
    @Body() dto: CreateAppointmentDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<AppointmentDto> {
    return this.appointments.create(actor, dto, key);
  }

  @Roles('nurse', 'physician', 'staff')
  @Patch(':id')
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateAppointmentDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AppointmentDto> {
    return this.appointments.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
