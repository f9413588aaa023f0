import type { DoseProgramDto, DrugLibraryEntryDto, PumpDto, RefillDto } from '@pumpwatch/contracts';
import { checkRefill, type Policy, type RefillCheckOutput } from '@pumpwatch/domain';
import { useMemo } from 'react';
import type { DeepPartial } from 'react-hook-form';
import { projectionInput } from '../../../lib/engine-input';
import { zonedInputToInstant } from '../../../lib/format';
import { parseNumber } from '../../../lib/numbers';
import type { RefillFormValues } from './refill-form-model';

export interface RefillCheckArgs {
  pump: PumpDto;
  lastRefill: RefillDto | null;
  programs: DoseProgramDto[];
  drugLibrary: DrugLibraryEntryDto[];
  timeZone: string;
  policy?: Policy;
}

/**
 * Live check: the same engine the API runs, on what has been typed so far. Null until there is something to
 * compare (a previous refill, a dose program and the residual), and for an initial fill.
 */
export function useRefillCheck(values: DeepPartial<RefillFormValues>, args: RefillCheckArgs): RefillCheckOutput | null {
  const { pump, lastRefill: last, programs, drugLibrary, timeZone, policy } = args;
  return useMemo(() => {
    if (!last || programs.length === 0) return null;
    const residual = parseNumber(values.actualResidualMl);
    const added = parseNumber(values.volumeAddedMl);
    const conc = parseNumber(values.concentrationMcgPerMl);
    const at = values.at ? zonedInputToInstant(values.at, timeZone) : null;
    if (residual === null || at === null || Date.parse(at) < Date.parse(last.at)) return null;
    try {
      const out = checkRefill({
        ...projectionInput({ pump, lastRefill: last, programs, timeZone, policy }),
        refill: {
          at,
          actualResidualMl: residual,
          volumeAddedMl: added ?? 0,
          // Until the vial's concentration is chosen the check assumes no change (nothing to bridge yet).
          concentrationMcgPerMl: conc ?? last.concentrationMcgPerMl,
          programmedConcentrationMcgPerMl: parseNumber(values.programmedConcentrationMcgPerMl),
          // Unticked is not yet an error while typing; the checkbox itself says what is missing on submit.
          needlePositionConfirmed: values.needlePositionConfirmed ? true : null,
        },
        drugLibrary: drugLibrary.map((d) => ({
          concentrationMcgPerMl: d.concentrationMcgPerMl,
          screeningOnly: d.screeningOnly,
        })),
      });
      // A volume not typed yet is not "nothing added".
      return added === null ? { ...out, errors: out.errors.filter((c) => (c as string) !== 'NO_VOLUME_ADDED') } : out;
    } catch {
      return null;
    }
  }, [
    values.actualResidualMl,
    values.volumeAddedMl,
    values.concentrationMcgPerMl,
    values.programmedConcentrationMcgPerMl,
    values.needlePositionConfirmed,
    values.at,
    last,
    pump,
    programs,
    drugLibrary,
    timeZone,
    policy,
  ]);
}
