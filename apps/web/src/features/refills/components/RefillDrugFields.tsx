import type { DrugLibraryEntryDto } from '@pumpwatch/contracts';
import { ClinicDateField } from '../../../components/ui/ClinicDateInput';
import { Field } from '../../../components/ui/Field';
import { formatConcentration } from '../../../lib/format';
import type { RefillFormState } from './useRefillForm';

/** The drug filled (read off the vial), the concentration read back from the programmer, and the lot. */
export function RefillDrugFields({
  refill,
  drugLibrary,
}: {
  refill: RefillFormState;
  drugLibrary: DrugLibraryEntryDto[];
}) {
  const { form, fieldError, previewFieldHint } = refill;
  const lastConcentration = refill.last?.concentrationMcgPerMl ?? null;
  return (
    <fieldset>
      <legend>Drug</legend>
      <Field
        label="Concentration filled"
        hint={
          lastConcentration !== null
            ? `Read it off the vial. Last refill: ${formatConcentration(lastConcentration)}`
            : 'Initial fill: read it off the vial'
        }
        error={fieldError('concentrationMcgPerMl') ?? previewFieldHint('concentrationMcgPerMl')}
      >
        <select {...form.register('concentrationMcgPerMl')}>
          <option value="">Choose…</option>
          {drugLibrary.map((d) => (
            <option key={d.id} value={String(d.concentrationMcgPerMl)}>
              {d.name} — {formatConcentration(d.concentrationMcgPerMl)}
              {d.screeningOnly ? ' (screening only)' : ''}
            </option>
          ))}
        </select>
      </Field>
      <Field
        label="Concentration programmed in pump (mcg/mL)"
        hint="Type it from the programmer's screen after programming (not from the record)"
        error={fieldError('programmedConcentrationMcgPerMl') ?? previewFieldHint('programmedConcentrationMcgPerMl')}
      >
        <input inputMode="decimal" autoComplete="off" {...form.register('programmedConcentrationMcgPerMl')} />
      </Field>
      <Field label="Lot number" error={fieldError('lotNumber')}>
        <input autoComplete="off" {...form.register('lotNumber')} />
      </Field>
      <Field label="Lot expiry" error={fieldError('lotExpiry')}>
        <ClinicDateField control={form.control} name="lotExpiry" />
      </Field>
    </fieldset>
  );
}
