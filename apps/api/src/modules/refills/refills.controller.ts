import { Body, Controller, Get, Headers, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { RefillDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { CreateRefillDto } from './refills.dto';
import { RefillsService } from './refills.service';

@ApiTags('refills')
@ApiBearerAuth()
@Controller('pumps/:id/refills')
export class RefillsController {
  constructor(private readonly refills: RefillsService) {}

  @Get()
  list(@IdParam() pumpId: string): Promise<RefillDto[]> {
    return this.refills.list(pumpId);
  }

  /** 422 with the engine's refill codes; nothing is stored. `Idempotency-Key` replays the first 201. */
  @Roles('nurse', 'physician')
  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  create(
    @CurrentUser() actor: Actor,
    @IdParam() pumpId: string,
    @Body() dto: CreateRefillDto,
    @Headers('idempotency-key') key?: string,
  ): Promise<RefillDto> {
    return this.refills.create(actor, pumpId, dto, key);
  }
}
