import { Module } from '@nestjs/common';
import { AlarmsModule } from '../alarms/alarms.module';
import { TriageCallsController } from './triage-calls.controller';
import { TriageCallsService } from './triage-calls.service';

@Module({ imports: [AlarmsModule], controllers: [TriageCallsController], providers: [TriageCallsService] })
export class TriageCallsModule {}
