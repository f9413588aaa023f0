import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock/clock';
import { ClinicSettingsService } from '../clinic-settings/clinic-settings.service';
import { DrugLibraryService } from '../drug-library/drug-library.service';
import { exampleRow, templateCsv, templateXlsx } from './import-templates';

/** `template.csv` / `template.xlsx`: the header row and one example row valid in this clinic today. */
@Injectable()
export class ImportTemplates {
  constructor(
    private readonly settings: ClinicSettingsService,
    private readonly drugs: DrugLibraryService,
    private readonly clock: Clock,
  ) {}

  private async example() {
    const { timeZone } = await this.settings.get();
    // a strength the clinic's library holds, so the example passes CONCENTRATION_NOT_IN_LIBRARY
    const strength = (await this.drugs.active()).find((e) => !e.screeningOnly)?.concentrationMcgPerMl ?? 500;
    return exampleRow(this.clock.now(), timeZone, strength);
  }

  async csv(): Promise<string> {
    return templateCsv(await this.example());
  }

  async xlsx(): Promise<Buffer> {
    return templateXlsx(await this.example());
  }
}
