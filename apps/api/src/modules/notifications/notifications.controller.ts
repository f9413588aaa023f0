import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  NotificationChannelDto,
  NotificationDeliveryDto,
  NotificationPrefsDto,
  NotificationStatusDto,
  OnCallShiftDto,
} from '@pumpwatch/contracts';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { IdParam } from '../../common/http/id-param';
import { ChannelsService } from './channels.service';
import { DigestService } from './digest.service';
import { CreateChannelDto, CreateOnCallDto, DeliveryQuery, OnCallQuery, UpdatePrefsDto } from './notifications.dto';
import { NotificationsService } from './notifications.service';
import { OnCallService } from './on-call.service';
import { ApiErrors, ApiNoContent, ApiObject } from '../../openapi/api-docs';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notification-channels')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Roles('admin')
  @Get()
  @ApiOperation({ summary: 'Notification channels (webhooks) with their events and minimum priority (administrators)' })
  @ApiObject('NotificationChannelDto[]', { isArray: true })
  list(): Promise<NotificationChannelDto[]> {
    return this.channels.list();
  }

  @Roles('admin')
  @Post()
  @ApiOperation({ summary: 'Add a webhook channel (pager, chat, SMS gateway); 422 CHANNEL_INVALID on a bad value' })
  @ApiObject('NotificationChannelDto', { status: 201 })
  @ApiErrors(422)
  create(@CurrentUser() actor: Actor, @Body() dto: CreateChannelDto): Promise<NotificationChannelDto> {
    return this.channels.create(actor, dto);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a channel; its deliveries not yet made are cancelled' })
  @ApiNoContent('Deleted')
  remove(@CurrentUser() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.channels.remove(actor, id);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('on-call')
export class OnCallController {
  constructor(private readonly onCall: OnCallService) {}

  @Get()
  @ApiOperation({ summary: 'Shifts covering `at` (default now); with `from` and `to`, every shift overlapping them' })
  @ApiObject('OnCallShiftDto[]', { isArray: true })
  list(@Query() q: OnCallQuery): Promise<OnCallShiftDto[]> {
    if (q.from || q.to) {
      if (!q.from || !q.to) throw new DomainError('BAD_REQUEST', 'Give both `from` and `to`');
      return this.onCall.between(q.from, q.to);
    }
    return this.onCall.at(q.at);
  }

  @Roles('admin', 'physician')
  @Post()
  @ApiOperation({ summary: 'Add a shift; 409 ON_CALL_OVERLAP when it overlaps another of the same level' })
  @ApiObject('OnCallShiftDto', { status: 201 })
  @ApiErrors(409)
  create(@CurrentUser() actor: Actor, @Body() dto: CreateOnCallDto): Promise<OnCallShiftDto> {
    return this.onCall.create(actor, dto);
  }

  @Roles('admin', 'physician')
  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Removes an on-call shift' })
  @ApiNoContent('Removed')
  remove(@CurrentUser() actor: Actor, @IdParam() id: string): Promise<void> {
    return this.onCall.remove(actor, id);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('users/me/notifications')
export class NotificationPrefsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's notification preferences (daily digest, e-mail)" })
  @ApiObject('NotificationPrefsDto')
  get(@CurrentUser() actor: Actor): Promise<NotificationPrefsDto> {
    return this.notifications.prefs(actor.id);
  }

  @Put()
  @ApiOperation({ summary: 'Own preferences; pages to the on-call clinician are sent whatever they say' })
  @ApiObject('NotificationPrefsDto')
  update(@CurrentUser() actor: Actor, @Body() dto: UpdatePrefsDto): Promise<NotificationPrefsDto> {
    return this.notifications.updatePrefs(actor, dto);
  }
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly digest: DigestService,
  ) {}

  @Roles('physician', 'admin')
  @Get()
  @ApiOperation({ summary: 'Delivery log, newest first (filters alarmId, status)' })
  @ApiObject('NotificationDeliveryDto[]', { isArray: true })
  list(@Query() q: DeliveryQuery): Promise<NotificationDeliveryDto[]> {
    return this.notifications.deliveries(q);
  }

  @Get('status')
  @ApiOperation({ summary: 'E-mail configured, deliveries failing or given up: what the health badge shows' })
  @ApiObject('NotificationStatusDto')
  status(): Promise<NotificationStatusDto> {
    return this.notifications.status();
  }

  @Roles('admin')
  @Post('digest')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue the daily digest again now' })
  @ApiObject('{ queued }: how many digests were queued', { status: 202 })
  sendDigest(@CurrentUser() actor: Actor): Promise<{ queued: number }> {
    return this.digest.sendNow(actor);
  }
}
