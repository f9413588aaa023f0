import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { PumpChangesModule } from '../../common/pump-changes.module';
import { DoseProgramsController } from './dose-programs.controller';
import { DoseProgramsService } from './dose-programs.service';

@Module({
  imports: [AuditModule, ClinicSettingsModule, IdempotencyModule, PumpChangesModule],
  controllers: [DoseProgramsController],
  providers: [DoseProgramsService],
  exports: [DoseProgramsService],
})
export class DoseProgramsModule {}
