import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ClinicSettingsModule } from '../clinic-settings/clinic-settings.module';
import { DrugLibraryModule } from '../drug-library/drug-library.module';
import { IdempotencyModule } from '../idempotency/idempotency.module';
import { ProjectionModule } from '../projection/projection.module';
import { PumpChangesModule } from '../../common/pump-changes.module';
import { RefillsController } from './refills.controller';
import { RefillsService } from './refills.service';

@Module({
  imports: [
    AuditModule,
    ClinicSettingsModule,
    DrugLibraryModule,
    IdempotencyModule,
    ProjectionModule,
    PumpChangesModule,
  ],
  controllers: [RefillsController],
  providers: [RefillsService],
  exports: [RefillsService],
})
export class RefillsModule {}
