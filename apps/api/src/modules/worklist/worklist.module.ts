import { Module } from '@nestjs/common';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { ProjectionModule } from '../projection/projection.module';
import { WorklistController } from './worklist.controller';
import { WorklistService } from './worklist.service';

@Module({
  imports: [ClinicSettingsModule, ProjectionModule],
  controllers: [WorklistController],
  providers: [WorklistService],
  exports: [WorklistService],
})
export class WorklistModule {}
