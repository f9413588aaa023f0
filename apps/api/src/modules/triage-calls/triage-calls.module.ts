import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { ProjectionModule } from '../projection/projection.module';
import { PumpChangesModule } from '../../common/pump-changes.module';
import { AlarmsModule } from '../alarms/alarms.module';
import { TriageCallsController } from './triage-calls.controller';
import { TriageCallsService } from './triage-calls.service';

@Module({
  imports: [AuditModule, ClinicSettingsModule, ProjectionModule, PumpChangesModule, AlarmsModule],
  controllers: [TriageCallsController],
  providers: [TriageCallsService],
})
export class TriageCallsModule {}
