import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../common/auth/actor';
import { ListAlarmsQuery } from '../alarms/alarms.dto';
import { RefillWorklistQuery } from '../worklist/worklist.dto';
import { UTF8_BOM } from './csv';
import { AuditExportQuery } from './exports.dto';
import { ExportsService } from './exports.service';
import { ApiBody200 } from '../../openapi/api-docs';

/**
 * CSV headers are set only once the export is built: an error keeps the JSON envelope's content type. The file
 * starts with the UTF-8 byte-order mark so that Excel reads accented names correctly.
 */
function asCsv(res: FastifyReply, name: string, csv: string): string {
  res.headers({ 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
  return UTF8_BOM + csv;
}

/** CSV exports with the same filters (and the same role rules) as the JSON routes they mirror. */
@ApiTags('exports')
@ApiBearerAuth()
@Controller('exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @Get('worklist.csv')
  @ApiOperation({ summary: 'Refill worklist as CSV (filters of GET /api/worklist/refills)' })
  @ApiBody200('text/csv', 'UTF-8 CSV with a byte-order mark, one row per due pump')
  async worklist(@Query() q: RefillWorklistQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return asCsv(res, 'refill-worklist.csv', await this.exports.worklistCsv(q));
  }

  @Get('alarms.csv')
  @ApiOperation({ summary: 'Alarms as CSV (filters of GET /api/alarms: status, priority, code, patientId, pumpId)' })
  @ApiBody200('text/csv', 'UTF-8 CSV with a byte-order mark, one row per alarm')
  async alarms(@Query() q: ListAlarmsQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return asCsv(res, 'alarms.csv', await this.exports.alarmsCsv(q));
  }

  @Roles('physician', 'admin')
  @Get('audit.csv')
  @ApiOperation({ summary: 'Audit trail as CSV, newest first (physician, admin; filter entityId)' })
  @ApiBody200('text/csv', 'UTF-8 CSV with a byte-order mark, one row per audit entry')
  async audit(@Query() q: AuditExportQuery, @Res({ passthrough: true }) res: FastifyReply): Promise<string> {
    return asCsv(res, 'audit-trail.csv', await this.exports.auditCsv(q));
  }
}
