import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { UpdateClinicSettingsDto } from './clinic-settings.dto';
import { ClinicSettingsService, type ClinicSettings } from './clinic-settings.service';

@ApiTags('clinic-settings')
@ApiBearerAuth()
@Controller('clinic-settings')
export class ClinicSettingsController {
  constructor(private readonly settings: ClinicSettingsService) {}

  @Get()
  get(): Promise<ClinicSettings> {
    return this.settings.get();
  }

  @Roles('admin')
  @Put()
  update(@CurrentUser() actor: Actor, @Body() dto: UpdateClinicSettingsDto): Promise<ClinicSettings> {
    return this.settings.update(actor, dto);
  }
}
