import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { ProjectionModule } from '../projection/projection.module';
import { PumpChangesModule } from '../../common/pump-changes.module';
import { PumpEventsService } from '../pump-events/pump-events.service';
import { PumpsController } from './pumps.controller';
import { PumpsService } from './pumps.service';

@Module({
  imports: [AuditModule, ClinicSettingsModule, ProjectionModule, PumpChangesModule],
  controllers: [PumpsController],
  providers: [PumpsService, PumpEventsService],
  exports: [PumpsService],
})
export class PumpsModule {}
