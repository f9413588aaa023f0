import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DrugLibraryController } from './drug-library.controller';
import { DrugLibraryService } from './drug-library.service';

/** The approved concentrations and their stability limits: read by refills, imports and reports. */
@Module({
  imports: [AuditModule],
  controllers: [DrugLibraryController],
  providers: [DrugLibraryService],
  exports: [DrugLibraryService],
})
export class DrugLibraryModule {}
