import { Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, type Actor } from '../../common/auth/actor';
import { Public } from '../../common/auth/public.decorator';
import { CalendarFeedService } from './calendar-feed.service';
import { ApiBody200, ApiNoContent, ApiObject } from '../../openapi/api-docs';

@ApiTags('calendar')
@Controller('calendar')
export class CalendarFeedController {
  constructor(private readonly feeds: CalendarFeedService) {}

  @Post('token')
  @ApiBearerAuth()
  @ApiOperation({
    summary: "Creates or rotates the caller's secret feed token (shown once); the old one stops working",
  })
  @ApiObject('{ token, path, createdAt }: the token is shown this once', { status: 201 })
  rotate(@CurrentUser() actor: Actor) {
    return this.feeds.rotate(actor);
  }

  @Delete('token')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiOperation({ summary: "Revokes the caller's feed token" })
  @ApiNoContent('Revoked')
  revoke(@CurrentUser() actor: Actor): Promise<void> {
    return this.feeds.revoke(actor);
  }

  /** Calendar apps cannot send a bearer token: the secret in the URL is the credential. */
  @Public()
  @Get(':token.ics')
  @ApiOperation({
    summary: 'iCalendar feed of booked refills (timed, UTC) and refill due dates (all-day, clinic zone)',
  })
  @ApiBody200('text/calendar', 'iCalendar (RFC 5545) feed; an unknown or revoked token is 404')
  async feed(@Param('token') token: string, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    const ics = await this.feeds.feed(token);
    // set only on success: an error keeps the JSON envelope's content type
    res.headers({ 'Content-Type': 'text/calendar; charset=utf-8', 'Cache-Control': 'private, no-store' });
    return ics;
  }
}
