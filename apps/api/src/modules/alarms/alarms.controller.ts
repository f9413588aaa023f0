import { Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NEXT_CURSOR_HEADER, type AlarmListItemDto, type AlarmSummaryDto } from '@pumpwatch/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
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
import { ApiBody200, ApiErrors, ApiJson, IfMatch, OptionalHeader, OptionalQuery } from '../../openapi/api-docs';
import { AlarmListItemSchema, AlarmSummarySchema } from '../../openapi/schemas/alarms';

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
  @ApiJson(AlarmListItemSchema, { isArray: true, description: 'The alarms (X-Next-Cursor header while more follow)' })
  @Header('content-type', 'application/json; charset=utf-8')
  async list(@Query() q: AlarmBoardQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const page = await this.queries.listJson(q);
    if (page.nextCursor) res.header(NEXT_CURSOR_HEADER, page.nextCursor);
    return page.json;
  }

  @Get('summary')
  @ApiOperation({ summary: 'How many alarms match the filters, in all and per priority (for the board header)' })
  @ApiJson(AlarmSummarySchema)
  summary(@Query() q: AlarmFilterQuery): Promise<AlarmSummaryDto> {
    return this.queries.summary(q);
  }

  @Get('stream')
  @SetMetadata(ALLOW_QUERY_TOKEN, true)
  @ApiOperation({ summary: 'Server-sent alarm changes (event "alarm"); Last-Event-ID or ?since= replays' })
  @ApiBody200(
    'text/event-stream',
    'Server-sent events: `alarm` (an AlarmListItemDto as JSON, id = change sequence), `signed-out`; comments keep the connection open',
  )
  async live(
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
    @OptionalHeader('Last-Event-ID', 'the last event id received: changes after it are replayed') lastEventId?: string,
    @OptionalQuery('since', 'same as Last-Event-ID, for clients that cannot set headers') since?: string,
  ): Promise<void> {
    const sessionId = (req as unknown as AuthedRequest).sessionId!;
    await openAlarmStream(
      this.stream,
      this.queries,
      req.raw,
      res.raw,
      lastEventId ?? since,
      {
        everyMs: this.config.security.streamRecheckMs,
        stillSignedIn: async () => (await this.users.activeSession(sessionId)) !== null,
      },
      () => res.hijack(),
    );
  }

  @Get(':id')
  @ApiOperation({ summary: 'One alarm with its patient and the pump projection' })
  @ApiJson(AlarmListItemSchema)
  get(@IdParam() id: string): Promise<AlarmListItemDto> {
    return this.queries.get(id);
  }

  @Roles('nurse', 'physician', 'staff')
  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Acknowledges an alarm, with an optional note (the version read, in If-Match or the body)' })
  @ApiJson(AlarmListItemSchema)
  @ApiErrors(409, 422)
  acknowledge(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: AcknowledgeAlarmDto,
    @IfMatch() ifMatch?: string,
  ): Promise<AlarmListItemDto> {
    return this.lifecycle.acknowledge(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Roles('nurse', 'physician')
  @Post(':id/snooze')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Snoozes an alarm until a time, with the reason (critical alarms cannot be snoozed for long)',
  })
  @ApiJson(AlarmListItemSchema)
  @ApiErrors(409, 422)
  snooze(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: SnoozeAlarmDto,
    @IfMatch() ifMatch?: string,
  ): Promise<AlarmListItemDto> {
    return this.lifecycle.snooze(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }

  @Roles('physician')
  @Post(':id/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolves an alarm by hand, with a note (physician)' })
  @ApiJson(AlarmListItemSchema)
  @ApiErrors(409, 422)
  resolve(
    @CurrentUser() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ResolveAlarmDto,
    @IfMatch() ifMatch?: string,
  ): Promise<AlarmListItemDto> {
    return this.lifecycle.resolve(actor, id, { ...dto, version: versionFrom(dto.version, ifMatch) });
  }
}
