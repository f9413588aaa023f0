import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AlarmListItemDto } from '@pumpwatch/contracts';
import type { Request, Response } from 'express';
import { CurrentUser, Roles, type Actor, type AuthedRequest } from '../../common/auth/actor';
import { ALLOW_QUERY_TOKEN } from '../../common/auth/auth.guard';
import { UserCache } from '../../common/auth/user-cache';
import { versionFrom } from '../../common/db/write';
import { IdParam } from '../../common/http/id-param';
import { AppConfig } from '../../config/config';
import { AlarmLifecycleService } from './alarm-lifecycle.service';
import { AlarmQueries } from './alarm-queries.service';
import { openAlarmStream } from './alarm-sse';
import { AlarmStream } from './alarm-stream.service';
import { AcknowledgeAlarmDto, ListAlarmsQuery, ResolveAlarmDto, SnoozeAlarmDto } from './alarms.dto';

@ApiTags('alarms')
@ApiBearerAuth()
@Controller('alarms')
export class AlarmsController {
  constructor(
    private readonly queries: AlarmQueries,
    private readonly lifecycle: AlarmLifecycleService,
    private readonly stream: AlarmStream,
    private readonly users: UserCache,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Alarms, critical first then oldest raised; default status=active' })
  @ApiOkResponse({ description: 'AlarmListItemDto[] (JSON rendered by AlarmQueries.listJson)' })
  @Header('content-type', 'application/json; charset=utf-8')
  list(@Query() q: ListAlarmsQuery): Promise<string> {
    return this.queries.listJson(q);
  }

  @Get('stream')
  @SetMetadata(ALLOW_QUERY_TOKEN, true)
  @ApiOperation({ summary: 'Server-sent alarm changes (event "alarm"); Last-Event-ID or ?since= replays' })
  async live(
    @Req() req: Request,
    @Res() res: Response,
    @Headers('last-event-id') lastEventId?: string,
    @Query('since') since?: string,
  ): Promise<void> {
    const sessionId = (req as AuthedRequest).sessionId!;
    await openAlarmStream(this.stream, this.queries, req, res, lastEventId ?? since, {
      everyMs: this.config.security.streamRecheckMs,
      stillSignedIn: async () => (await this.users.activeSession(sessionId)) !== null,
    });
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<AlarmListItemDto> {
    return this.queries.get(id);
  }

  @Roles('nurse', 'physician', 'staff')
  @Post(':id/acknowledge')
  @HttpCode(200)
  acknowledge(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: AcknowledgeAlarmDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AlarmListItemDto> {
    return this.lifecycle.acknowledge(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Roles('nurse', 'physician')
  @Post(':id/snooze')
  @HttpCode(200)
  snooze(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SnoozeAlarmDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AlarmListItemDto> {
    return this.lifecycle.snooze(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Roles('physician')
  @Post(':id/resolve')
  @HttpCode(200)
  resolve(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ResolveAlarmDto,
    @Headers('if-match') ifMatch?: string,
  ): Promise<AlarmListItemDto> {
    return this.lifecycle.resolve(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
