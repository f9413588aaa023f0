import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { DrugLibraryModule } from '../drug-library/drug-library.module';
import { ProjectionModule } from '../projection/projection.module';
import { AlarmsModule } from '../alarms/alarms.module';
import { ImportTemplates } from './import-templates.service';
import { ImportUpload } from './import-upload.interceptor';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

@Module({
  imports: [AuditModule, ClinicSettingsModule, DrugLibraryModule, ProjectionModule, AlarmsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportTemplates, ImportUpload],
})
export class ImportsModule {}
