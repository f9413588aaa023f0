import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../../common/auth/public.decorator';
import { DomainError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/config';
import { AppMetrics } from './app-metrics';
import { metricsAccess } from './metrics-access';

/**
 * `GET /metrics` (outside the /api prefix, where Prometheus looks by default) in the Prometheus text format. Not a
 * user route: no sign-in, but loopback-only or a scrape token (see metricsAccess).
 */
@ApiExcludeController()
@Controller('metrics')
export class PrometheusController {
  constructor(
    private readonly metrics: AppMetrics,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const access = metricsAccess(req, this.config.metricsToken);
    if (access === 'token-required') {
      res.header('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new DomainError(
        'UNAUTHORIZED',
        'Metrics need the scrape token (PUMPWATCH_METRICS_TOKEN) as a Bearer token.',
      );
    }
    if (access === 'loopback-only') {
      throw new DomainError(
        'FORBIDDEN',
        'Metrics are served to this machine only; set PUMPWATCH_METRICS_TOKEN to scrape from elsewhere.',
      );
    }
    const body = await this.metrics.registry.metrics();
    await res.header('Content-Type', this.metrics.registry.contentType).header('Cache-Control', 'no-store').send(body);
  }
}
