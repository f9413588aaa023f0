import { Module } from '@nestjs/common';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

@Module({
  imports: [ClinicSettingsModule],
  controllers: [MetricsController],
  providers: [MetricsService],
})
export class MetricsModule {}
