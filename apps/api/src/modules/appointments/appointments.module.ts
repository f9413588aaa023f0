import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ProjectionModule } from '../projection/projection.module';
import { PumpChangesModule } from '../../common/pump-changes.module';
import { AppointmentsController } from './appointments.controller';
import { AppointmentsService } from './appointments.service';

@Module({
  imports: [AuditModule, ClinicSettingsModule, IdempotencyModule, ProjectionModule, PumpChangesModule],
  controllers: [AppointmentsController],
  providers: [AppointmentsService],
  exports: [AppointmentsService],
})
export class AppointmentsModule {}
