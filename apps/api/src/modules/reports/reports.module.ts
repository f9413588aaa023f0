import { Module } from '@nestjs/common';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { DrugLibraryModule } from '../drug-library/drug-library.module';
import { ProjectionModule } from '../projection/projection.module';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

@Module({
  imports: [ClinicSettingsModule, DrugLibraryModule, ProjectionModule],
  controllers: [ReportsController],
  providers: [ReportsService],
})
export class ReportsModule {}
