import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RefillCalendarDto, RefillWorklistItemDto } from '@pumpwatch/contracts';
import { RefillCalendarQuery, RefillWorklistQuery } from './worklist.dto';
import { WorklistService } from './worklist.service';

@ApiTags('worklist')
@ApiBearerAuth()
@Controller('worklist')
export class WorklistController {
  constructor(private readonly worklist: WorklistService) {}

  @Get('refills')
  @ApiOperation({ summary: 'Refills due in [from, to] (default: overdue … today + 14 days), by due date' })
  refills(@Query() q: RefillWorklistQuery): Promise<RefillWorklistItemDto[]> {
    return this.worklist.refills(q);
  }

  @Get('refills/calendar')
  @ApiOperation({ summary: 'Booked refill appointments and proposed slots per clinic day of a month' })
  calendar(@Query() q: RefillCalendarQuery): Promise<RefillCalendarDto> {
    return this.worklist.calendar(q.month);
  }
}
