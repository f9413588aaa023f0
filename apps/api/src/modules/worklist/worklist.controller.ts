import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  NEXT_CURSOR_HEADER,
  OVERDUE_COUNT_HEADER,
  TOTAL_COUNT_HEADER,
  type RefillCalendarDto,
  type RefillWorklistItemDto,
} from '@pumpwatch/contracts';
import type { FastifyReply } from 'fastify';
import { RefillCalendarQuery, RefillWorklistPageQuery } from './worklist.dto';
import { WorklistService } from './worklist.service';
import { ApiJson, ApiObject } from '../../openapi/api-docs';
import { RefillWorklistItemSchema } from '../../openapi/schemas/alarms';

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('worklist')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get('refills')
  @ApiOperation({
    summary: 'Refills due in [from, to] (default: overdue … today + 14 days), by due date',
    description:
      'Overdue first, then by due date, patient name and pump. A plain JSON array; with `limit` (≤ 200) one page, ' +
      "the next page's `cursor` in the X-Next-Cursor header while more rows follow, and X-Total-Count / " +
      'X-Overdue-Count for the whole list.',
  })
  @ApiJson(RefillWorklistItemSchema, { isArray: true })
  async refills(
    @Query() q: RefillWorklistPageQuery,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<RefillWorklistItemDto[]> {
    const page = await this.worklist.refillsPage(q);
    if (q.limit !== undefined || q.cursor !== undefined) {
      res.header(TOTAL_COUNT_HEADER, String(page.total));
      res.header(OVERDUE_COUNT_HEADER, String(page.overdue));
    }
    if (page.nextCursor) res.header(NEXT_CURSOR_HEADER, page.nextCursor);
    return page.items;
  }

  @Get('refills/calendar')
  @ApiOperation({ summary: 'Booked refill appointments and proposed slots per clinic day of a month' })
  @ApiObject('RefillCalendarDto: per clinic day, booked appointments and proposed slots')
  calendar(@Query() q: RefillCalendarQuery): Promise<RefillCalendarDto> {
    return this.worklist.calendar(q.month);
  }
}
