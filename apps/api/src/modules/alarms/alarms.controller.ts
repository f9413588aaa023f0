import { Body, Controller, Get, Header, Headers, HttpCode, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NEXT_CURSOR_HEADER, type AlarmListItemDto, type AlarmSummaryDto } from '@pumpwatch/contracts';
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
import { AcknowledgeAlarmDto, AlarmBoardQuery, AlarmFilterQuery, ResolveAlarmDto, SnoozeAlarmDto } from './alarms.dto';

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
  @ApiOperation({
    summary: 'Alarms, critical first then oldest raised (then id); default status=active',
    description:
      'A plain JSON array. With `limit` (≤ 200) it is one page: the X-Next-Cursor response header, while more rows ' +
      'follow, is the `cursor` of the next page (same filters). Without `limit` every unresolved alarm is returned.',
  })
  @ApiOkResponse({ description: 'AlarmListItemDto[] (JSON rendered by AlarmQueries.listJson)' })
  @Header('content-type', 'application/json; charset=utf-8')
  async list(@Query() q: AlarmBoardQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const page = await this.queries.listJson(q);
    if (page.nextCursor) res.setHeader(NEXT_CURSOR_HEADER, page.nextCursor);
    return page.json;
  }

  @Get('summary')
  @ApiOperation({ summary: 'How many alarms match the filters, in all and per priority (for the board header)' })
  summary(@Query() q: AlarmFilterQuery): Promise<AlarmSummaryDto> {
    return this.queries.summary(q);
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
