import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RefillDto } from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { IdParam } from '../../common/http/id-param';
import { CreateRefillDto } from './refills.dto';
import { RefillsService } from './refills.service';
import { ApiErrors, ApiJson, IdempotencyKey } from '../../openapi/api-docs';
import { RefillSchema } from '../../openapi/schemas/pumps';

@ApiTags('refills')
@ApiBearerAuth()
@Controller('pumps/:id/refills')
export class RefillsController {
  constructor(private readonly refills: RefillsService) {}

  @Get()
  @ApiOperation({ summary: 'Refills of a pump, oldest first' })
  @ApiJson(RefillSchema, { isArray: true })
  list(@IdParam() pumpId: string): Promise<RefillDto[]> {
    return this.refills.list(pumpId);
  }

  /** 422 with the engine's refill codes; nothing is stored. `Idempotency-Key` replays the first 201. */
  @Roles('nurse', 'physician')
  @Post()
  @ApiOperation({
    summary: "Records a refill with its two-person check; 422 with the engine's refill codes and nothing stored",
  })
  @ApiJson(RefillSchema, { status: 201 })
  @ApiErrors(409, 422)
  create(
    @CurrentUser() actor: Actor,
    @IdParam() pumpId: string,
    @Body() dto: CreateRefillDto,
    @IdempotencyKey() key?: string,
  ): Promise<RefillDto> {
    return this.refills.create(actor, pumpId, dto, key);
  }
}
