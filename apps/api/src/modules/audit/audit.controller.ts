import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuditEntryDto } from '@pumpwatch/contracts';
import { Roles } from '../../common/auth/actor';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('physician', 'admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQuery({ name: 'entityId', required: false })
  list(@Query('entityId') entityId?: string): Promise<AuditEntryDto[]> {
    return this.audit.list({ entityId: typeof entityId === 'string' ? entityId : undefined });
  }

  @Get('verify')
  verify() {
    return this.audit.verify();
  }
}
