import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page, PatientDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { CreatePatientDto, ListPatientsQuery, UpdatePatientDto } from './patients.dto';
import { PatientsService } from './patients.service';
import { ApiErrors, ApiJson, IfMatch } from '../../openapi/api-docs';
import { PatientPageSchema, PatientSchema } from '../../openapi/schemas/people';

@ApiTags('patients')
@ApiBearerAuth()
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Get()
  @ApiOperation({ summary: 'Patients, searched by name or MRN, a page at a time' })
  @ApiJson(PatientPageSchema)
  list(@Query() q: ListPatientsQuery): Promise<Page<PatientDto>> {
    return this.patients.list(q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One patient with their pumps' })
  @ApiJson(PatientSchema)
  get(@IdParam() id: string): Promise<PatientDto> {
    return this.patients.get(id);
  }

  @Roles('nurse', 'physician', 'admin')
  @Post()
  @ApiOperation({ summary: 'Registers a patient' })
  @ApiJson(PatientSchema, { status: 201 })
  @ApiErrors(409, 422)
  create(@CurrentUser() actor: Actor, @Body() dto: CreatePatientDto): Promise<PatientDto> {
    return this.patients.create(actor, dto);
  }

  @Roles('nurse', 'physician', 'admin')
  @Patch(':id')
  @ApiOperation({ summary: "Changes a patient's details (the version read, in If-Match or the body)" })
  @ApiJson(PatientSchema)
  @ApiErrors(409, 422)
  update(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdatePatientDto,
    @IfMatch() ifMatch?: string,
  ): Promise<PatientDto> {
    return this.patients.update(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch)! });
  }
}
