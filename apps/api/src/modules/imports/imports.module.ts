import { Module } from '@nestjs/common';
import { AlarmsModule } from '../alarms/alarms.module';
import { ImportTemplates } from './import-templates.service';
import { ImportUpload } from './import-upload.interceptor';
import { ImportsController } from './imports.controller';
import { ImportsService } from './imports.service';

@Module({
  imports: [AlarmsModule],
  controllers: [ImportsController],
  providers: [ImportsService, ImportTemplates, ImportUpload],
})
export class ImportsModule {}
