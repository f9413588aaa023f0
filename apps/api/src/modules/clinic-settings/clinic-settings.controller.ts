import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { UpdateClinicSettingsDto } from './clinic-settings.dto';
import { ClinicSettingsService, type ClinicSettings } from './clinic-settings.service';
import { ApiErrors, ApiObject } from '../../openapi/api-docs';

@ApiTags('clinic-settings')
@ApiBearerAuth()
@Controller('clinic-settings')
export class ClinicSettingsController {
  constructor(private readonly settings: ClinicSettingsService) {}

  @Get()
  @ApiOperation({ summary: "The clinic's settings: name, phones, time zone, working days, alarm and refill policies" })
  @ApiObject('ClinicSettings')
  get(): Promise<ClinicSettings> {
    return this.settings.get();
  }

  @Roles('admin')
  @Put()
  @ApiOperation({
    summary: "Changes the clinic's settings (administrators); an unsafe policy is refused with 422 POLICY_INVALID",
  })
  @ApiObject('ClinicSettings')
  @ApiErrors(422)
  update(@CurrentUser() actor: Actor, @Body() dto: UpdateClinicSettingsDto): Promise<ClinicSettings> {
    return this.settings.update(actor, dto);
  }
}
