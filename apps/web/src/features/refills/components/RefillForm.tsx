import { ConcentrationChange } from './ConcentrationChange';
import { DiscrepancyStop } from './DiscrepancyStop';
import { RefillChecksFields } from './RefillChecksFields';
import { RefillDrugFields } from './RefillDrugFields';
import { RefillPreview } from './RefillPreview';
import { RefillServerAlerts } from './RefillServerAlerts';
import { RefillVolumeFields } from './RefillVolumeFields';
import { useRefillForm, type RefillFormProps } from './useRefillForm';

export type { RefillFormValues } from './refill-form-model';
export type { RefillFormProps } from './useRefillForm';
export { RefillPreview } from './RefillPreview';

/**
 * Records a refill: volumes, drug and checks, the engine's live check as the nurse types, and the stops the
 * domain's refill guards ask for (a concentration change's bridge bolus, a discrepancy's re-check) before it is
 * sent. State and rules in useRefillForm; each part of the form in its own component.
 */
export function RefillForm(props: RefillFormProps) {
  const refill = useRefillForm(props);
  const { form, fieldError, stop } = refill;
  return (
    <form className="card form" noValidate onSubmit={refill.onSubmit} aria-label="Record refill">
      <div className="form-grid">
        <RefillVolumeFields refill={refill} pump={props.pump} timeZone={props.timeZone} />
        <RefillDrugFields refill={refill} drugLibrary={props.drugLibrary} />
      </div>

      {refill.changed && (
        <ConcentrationChange
          lastConcentrationMcgPerMl={refill.last?.concentrationMcgPerMl ?? null}
          bridgeBolus={form.register('bridgeBolusMcg')}
          confirm={form.register('concentrationChangeConfirmed')}
          bridgeBolusError={fieldError('bridgeBolusMcg')}
          confirmError={fieldError('concentrationChangeConfirmed')}
        />
      )}

      <RefillChecksFields refill={refill} users={props.users} currentUserId={props.currentUserId} />

      <RefillPreview preview={refill.preview} initialFill={!refill.last} />
      {stop && (
        <DiscrepancyStop
          facts={stop}
          acknowledge={form.register('discrepancyAcknowledged')}
          error={fieldError('discrepancyAcknowledged')}
        />
      )}

      <RefillServerAlerts refill={refill} serverError={props.serverError} />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={props.pending}>
          {props.pending ? 'Recording…' : 'Record refill'}
        </button>
      </div>
    </form>
  );
}
