import type { PumpDto } from '@pumpwatch/contracts';
import { ClinicDateTimeField } from '../../../components/ui/ClinicDateInput';
import { Field } from '../../../components/ui/Field';
import { formatMl } from '../../../lib/format';
import type { RefillFormState } from './useRefillForm';

/** When, and the volumes: what was aspirated and what was filled. */
export function RefillVolumeFields({
  refill,
  pump,
  timeZone,
}: {
  refill: RefillFormState;
  pump: PumpDto;
  timeZone: string;
}) {
  const { form, fieldError, previewFieldHint } = refill;
  return (
    <fieldset>
      <legend>Volumes</legend>
      <Field label="Refill time" error={fieldError('at')}>
        <ClinicDateTimeField control={form.control} name="at" timeZone={timeZone} />
      </Field>
      <Field
        label="Residual withdrawn (mL)"
        hint={previewFieldHint('actualResidualMl') ?? 'Everything aspirated from the reservoir'}
        error={fieldError('actualResidualMl')}
      >
        <input inputMode="decimal" autoComplete="off" {...form.register('actualResidualMl')} />
      </Field>
      <Field
        label="Volume added (mL)"
        hint={previewFieldHint('volumeAddedMl') ?? `Reservoir holds ${formatMl(pump.reservoirCapacityMl)}`}
        error={fieldError('volumeAddedMl')}
      >
        <input inputMode="decimal" autoComplete="off" {...form.register('volumeAddedMl')} />
      </Field>
    </fieldset>
  );
}
