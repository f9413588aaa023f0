import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QualityMetricsQuery } from './metrics.dto';
import { MetricsService } from './metrics.service';
import type { QualityMetricsDto } from '@pumpwatch/contracts';
import { ApiObject } from '../../openapi/api-docs';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('quality')
  @ApiOperation({
    summary:
      'Refills on/before the due date and before the alarm date (as projected at the previous refill), median ' +
      'margin, discrepancy rate, alarms by code per month, median time to acknowledge',
  })
  @ApiObject('QualityMetricsDto')
  quality(@Query() q: QualityMetricsQuery): Promise<QualityMetricsDto> {
    return this.metrics.quality(q);
  }
}
