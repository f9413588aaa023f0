import { Module } from '@nestjs/common';
import { MonitoringModule } from '../observability/monitoring.module';
import { HealthController } from './health.controller';

/** GET /api/health: database, alarm sweep and drain state, for the load balancer and the web's badge. */
@Module({ imports: [MonitoringModule], controllers: [HealthController] })
export class HealthModule {}
