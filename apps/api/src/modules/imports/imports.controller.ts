import { Controller, Get, Header, HttpCode, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ImportRecordDto, ImportReport } from '@pumpwatch/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type Actor } from '../../common/auth/actor';
import { DomainError } from '../../common/errors/domain-error';
import { IdParam } from '../../common/http/id-param';
import { ImportQuery } from './imports.dto';
import { ImportsService } from './imports.service';
import { ImportTemplates } from './import-templates.service';
import { ImportFile, ImportUpload, type UploadedImportFile } from './import-upload.interceptor';
import { ApiBody200, ApiErrors, ApiObject } from '../../openapi/api-docs';

@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin', 'physician')
@Controller('imports')
export class ImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly templates: ImportTemplates,
  ) {}

  @Get('template.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  @Header('Content-Disposition', 'attachment; filename="pumpwatch-import-template.csv"')
  @ApiOperation({
    summary: 'The import template as CSV (UTF-8 with a byte-order mark): the header row and one example row',
  })
  @ApiBody200('text/csv', 'The template')
  async templateCsv(): Promise<string> {
    return this.templates.csv();
  }

  @Get('template.xlsx')
  @ApiOperation({
    summary: 'The import template as an Excel workbook (every cell text): the header row and one example row',
  })
  @ApiBody200('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'The template', true)
  async templateXlsx(@Res() res: FastifyReply): Promise<void> {
    const body = await this.templates.xlsx();
    await res
      .code(200)
      .headers({
        'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'Content-Disposition': 'attachment; filename="pumpwatch-import-template.xlsx"',
      })
      .send(body);
  }

  /** 200 report on a dry run (nothing stored); 201 report with importId on a commit. */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @UseInterceptors(ImportUpload)
  @ApiOperation({
    summary: "Checks (dryRun=true) or imports a clinic's spreadsheet of pumps (CSV or XLSX, multipart field `file`)",
  })
  @ApiObject('ImportReport of the dry run: nothing stored')
  @ApiObject('ImportReport with the importId: the valid rows are stored', { status: 201 })
  @ApiErrors(413, 422)
  async run(
    @CurrentUser() actor: Actor,
    @Query() q: ImportQuery,
    @ImportFile() file: UploadedImportFile | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ImportReport> {
    if (!file) {
      throw new DomainError('VALIDATION_FAILED', 'Send the spreadsheet in the multipart field "file"', {
        errors: [{ field: 'file', problems: ['file is required'] }],
      });
    }
    const dryRun = q.dryRun === 'true';
    const report = await this.imports.run(actor, file.buffer, {
      dryRun,
      skipInvalid: q.skipInvalid === 'true',
      dateOrder: q.dateOrder ?? 'YMD',
      fileName: file.originalname || 'upload',
    });
    res.code(dryRun ? 200 : 201);
    return report;
  }

  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Imports done so far, newest first' })
  @ApiObject('ImportRecordDto[]', { isArray: true })
  list(): Promise<ImportRecordDto[]> {
    return this.imports.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'One import with its counts' })
  @ApiObject('ImportRecordDto')
  get(@IdParam() id: string): Promise<ImportRecordDto> {
    return this.imports.get(id);
  }
}
