import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { AuditEntryDto } from '@pumpwatch/contracts';
import { Roles } from '../../common/auth/actor';
import { AuditService } from './audit.service';
import { ApiJson, ApiObject } from '../../openapi/api-docs';
import { AuditEntrySchema } from '../../openapi/schemas/system';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('physician', 'admin')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiQuery({ name: 'entityId', required: false })
  @ApiOperation({ summary: 'Audit trail entries, newest first (filter entityId)' })
  @ApiJson(AuditEntrySchema, { isArray: true })
  list(@Query('entityId') entityId?: string): Promise<AuditEntryDto[]> {
    return this.audit.list({ entityId: typeof entityId === 'string' ? entityId : undefined });
  }

  @Get('verify')
  @ApiOperation({ summary: "Checks the audit trail's hash chain from the first entry to the last" })
  @ApiObject('Whether the chain is intact, and where it breaks if not')
  verify() {
    return this.audit.verify();
  }
}
