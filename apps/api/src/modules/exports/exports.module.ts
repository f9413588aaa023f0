import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AlarmsModule } from '../alarms/alarms.module';
import { WorklistModule } from '../worklist/worklist.module';
import { ExportsController } from './exports.controller';
import { ExportsService } from './exports.service';

@Module({
  imports: [AuditModule, AlarmsModule, WorklistModule],
  controllers: [ExportsController],
  providers: [ExportsService],
})
export class ExportsModule {}
