import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImportDateOrder, ImportRecordDto, ImportReport, ImportRowError } from '@pumpwatch/contracts';
import { DataSource, QueryFailedError } from 'typeorm';
import type { Actor } from '../../common/auth/actor';
import { Clock } from '../../common/clock/clock';
import { assertUuid } from '../../common/db/write';
import { DomainError } from '../../common/errors/domain-error';
import { AlarmsService } from '../alarms/alarms.service';
import { AuditService } from '../audit/audit.service';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { DrugLibraryService } from '../drug-library/drug-library.service';
import { ProjectionService } from '../projection/projection.service';
import { mapColumns } from './import-columns';
import { readTable } from './import-file';
import { crossRowChecks, planImport } from './import-plan';
import { readRow, type RowOutcome } from './import-rows';
import { previewOf, writePlan } from './import-writer';
import { ImportEntity } from './import.entity';

export interface ImportOptions {
  dryRun: boolean;
  skipInvalid: boolean;
  dateOrder: ImportDateOrder;
  fileName: string;
}

/** Thrown inside the transaction to roll a dry run back once its report is built. */
class DryRunDone {
  constructor(readonly report: ImportReport) {}
}

const HISTORY_LIMIT = 200;

@Injectable()
export class ImportsService {
  private readonly logger = new Logger('Imports');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly settings: ClinicSettingsService,
    private readonly drugs: DrugLibraryService,
    private readonly projection: ProjectionService,
    private readonly alarms: AlarmsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Reads, checks and (unless a dry run) stores a clinic's file in ONE transaction. A dry run runs exactly the
   * same writes and reads its preview back the way the alarm engine will, then rolls everything back: what the
   * clinic previews is what the board shows after the commit.
   */
  async run(actor: Actor, file: Buffer, opts: ImportOptions): Promise<ImportReport> {
    const table = await readTable(file);
    const columns = mapColumns(table);
    const now = this.clock.now();
    const settings = await this.settings.get();
    const library = await this.drugs.active();
    const rowCtx = { order: opts.dateOrder, semicolonFile: table.delimiter === ';', settings, library, now };
    const outcomes = table.rows
      .map((r) => readRow(r, columns.index, rowCtx))
      .filter((o): o is RowOutcome => o !== null);
    crossRowChecks(outcomes);

    const importId = randomUUID();
    const dryRun = opts.dryRun || (!opts.skipInvalid && outcomes.some((o) => !o.value));
    let report: ImportReport;
    let pumpIds: string[] = [];
    try {
      report = await this.dataSource.transaction(async (m) => {
        const plan = await planImport(m, outcomes, now, settings.timeZone);
        const audits = await writePlan(m, plan, actor, importId, library);
        const preview = await previewOf(m, plan, this.projection, settings, now);
        const errors: ImportRowError[] = outcomes.flatMap((o) => o.errors).sort((a, b) => a.row - b.row);
        const built: ImportReport = {
          dryRun: opts.dryRun,
          rows: outcomes.length,
          valid: plan.rows.length,
          invalid: outcomes.length - plan.rows.length,
          creates: plan.creates,
          updates: plan.updates,
          unchanged: plan.unchanged,
          errors,
          warnings: [...columns.warnings, ...outcomes.flatMap((o) => o.warnings)],
          preview,
        };
        if (dryRun || !plan.rows.length) throw new DryRunDone(built);
        await m.insert(ImportEntity, {
          id: importId,
          at: now,
          userId: actor.id,
          fileName: opts.fileName,
          rows: built.rows,
          valid: built.valid,
          invalid: built.invalid,
          creates: built.creates,
          updates: built.updates,
          unchanged: built.unchanged,
          errors,
        });
        audits.push({
          userId: actor.id,
          action: 'import.commit',
          entityType: 'import',
          entityId: importId,
          after: { importId, fileName: opts.fileName, rows: built.rows, valid: built.valid, invalid: built.invalid },
        });
        await this.audit.appendMany(m, audits);
        pumpIds = plan.rows.map((r) => r.pumpId!);
        return { ...built, importId };
      });
    } catch (e) {
      if (e instanceof QueryFailedError && (e as { code?: string }).code === '23505') {
        // another import or a user created one of these MRNs or serials while this one ran: nothing was stored
        throw new DomainError(
          'CONFLICT',
          'A patient or pump in the file was created by someone else at the same moment: nothing was imported, check the file again',
        );
      }
      if (!(e instanceof DryRunDone)) throw e;
      report = e.report;
      if (!opts.dryRun) {
        // a commit with invalid rows (and no skipInvalid), or with no valid row at all, stores nothing
        throw new DomainError(
          'IMPORT_HAS_ERRORS',
          report.valid
            ? `${report.invalid} of ${report.rows} rows have errors: nothing was imported (fix them, or import only the valid rows)`
            : 'No row of the file is valid: nothing was imported',
          report,
        );
      }
      return report;
    }
    // alarms are raised as after any other write (the sweep catches up should this fail)
    try {
      await this.alarms.evaluatePumps(pumpIds);
    } catch (err) {
      this.logger.error(`alarm evaluation after import ${importId} failed: ${(err as Error).message}`);
    }
    return report;
  }

  async list(): Promise<ImportRecordDto[]> {
    const rows = await this.dataSource
      .getRepository(ImportEntity)
      .createQueryBuilder('i')
      // seq: commit order, even for imports stamped with the same clock reading
      .orderBy('i.seq', 'DESC')
      .take(HISTORY_LIMIT)
      .getMany();
    return rows.map(toDto);
  }

  async get(id: string): Promise<ImportRecordDto> {
    assertUuid(id, 'import');
    const row = await this.dataSource.getRepository(ImportEntity).findOneBy({ id });
    if (!row) throw new DomainError('NOT_FOUND', `No import with id ${id}`);
    return toDto(row);
  }
}

function toDto(r: ImportEntity): ImportRecordDto {
  return {
    id: r.id,
    at: r.at.toISOString(),
    userId: r.userId,
    fileName: r.fileName,
    rows: r.rows,
    valid: r.valid,
    invalid: r.invalid,
    creates: r.creates,
    updates: r.updates,
    unchanged: r.unchanged,
    errors: r.errors,
  };
}
