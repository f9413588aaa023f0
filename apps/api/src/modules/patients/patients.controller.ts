import { Body, Controller, Get, Headers, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Page, PatientDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CreatePatientDto, ListPatientsQuery, UpdatePatientDto } from './patients.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  list(@Query() q: ListPatientsQuery): Promise<Page<PatientDto>> {
    return this.patients.list(q);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<PatientDto> {
    return this.patients.get(id);
  }

  @Roles('nurse', 'physician', 'admin')
  @Post()
  create(@CurrentUser() actor: Actor, @Body() dto: CreatePatientDto): Promise<PatientDto> {
    return this.patients.create(actor, dto);
  }

  @Roles('nurse', 'physician', 'admin')
  @Patch(':id')
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdatePatientDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<PatientDto> {
    return this.patients.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch)! });
  }
}
