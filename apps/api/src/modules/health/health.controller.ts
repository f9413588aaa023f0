import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthResponse, ReadinessResponse } from '@pumpwatch/contracts';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/public.decorator';
import { ShutdownState } from '../../common/lifecycle/shutdown-state';
import { AlarmSweepMonitor } from '../observability/alarm-sweep-monitor';
import { ApiJson } from '../../openapi/api-docs';
import { HealthSchema, ReadinessSchema } from '../../openapi/schemas/system';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sweeps: AlarmSweepMonitor,
    private readonly shutdown: ShutdownState,
  ) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Liveness + database check: 200 when the database answers, 503 otherwise; reports the alarm sweep',
  })
  @ApiJson(HealthSchema)
  @ApiJson(HealthSchema, { status: 503, description: 'The database does not answer' })
  async health(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthResponse> {
    const database = await this.database();
    if (database === 'down') res.status(503);
    return { status: database === 'up' ? 'ok' : 'degraded', database, alarmSweep: await this.sweeps.health() };
  }

  @Public()
  @Get('ready')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Readiness: 200 when the database answers and the alarm sweep has not missed three scheduled runs, 503 otherwise ' +
      '(and while the instance drains before stopping)',
  })
  @ApiJson(ReadinessSchema)
  @ApiJson(ReadinessSchema, { status: 503, description: 'Not ready: take this instance out of the load balancer' })
  async ready(@Res({ passthrough: true }) res: FastifyReply): Promise<ReadinessResponse> {
    const database = await this.database();
    const alarmSweep = await this.sweeps.health();
    // a stopping instance finishes what it has but should get nothing new: the load balancer takes it out now
    const ready = database === 'up' && alarmSweep.ok && !this.shutdown.draining;
    if (!ready) res.status(503);
    return { status: ready ? 'ready' : 'not-ready', database, alarmSweep };
  }

  private async database(): Promise<'up' | 'down'> {
    try {
      await this.dataSource.query('SELECT 1');
      return 'up';
    } catch {
      return 'down';
    }
  }
}
