import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsController } from './clinic-settings.controller';
import { ClinicSettingsService } from './clinic-settings.service';

/** The clinic's zone, hours and policy values: read by most features, changed by admins (audited). */
@Module({
  imports: [AuditModule],
  controllers: [ClinicSettingsController],
  providers: [ClinicSettingsService],
  exports: [ClinicSettingsService],
})
export class ClinicSettingsModule {}
