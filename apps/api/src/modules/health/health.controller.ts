import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { HealthResponse } from '@pumpwatch/contracts';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/public.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Public()
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness + database check: 200 when the database answers, 503 otherwise' })
  async health(@Res({ passthrough: true }) res: Response): Promise<HealthResponse> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', database: 'up' };
    } catch {
      res.status(503);
      return { status: 'degraded', database: 'down' };
    }
  }
}
