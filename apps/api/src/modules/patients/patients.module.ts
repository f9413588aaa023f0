import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { PatientsController } from './patients.controller';
import { PatientsService } from './patients.service';

@Module({
  imports: [AuditModule, ClinicSettingsModule],
  controllers: [PatientsController],
  providers: [PatientsService],
  exports: [PatientsService],
})
export class PatientsModule {}
