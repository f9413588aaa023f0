import { Module } from '@nestjs/common';
import { PumpEventsService } from '../pump-events/pump-events.service';
import { PumpsController } from './pumps.controller';
import { PumpsService } from './pumps.service';

@Module({ controllers: [PumpsController], providers: [PumpsService, PumpEventsService], exports: [PumpsService] })
export class PumpsModule {}
