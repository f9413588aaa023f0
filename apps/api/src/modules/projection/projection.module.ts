import { Module } from '@nestjs/common';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { ProjectionService } from './projection.service';

@Module({
  imports: [ClinicSettingsModule],
  providers: [ProjectionService],
  exports: [ProjectionService],
})
export class ProjectionModule {}
