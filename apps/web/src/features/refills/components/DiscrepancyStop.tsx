import type { UseFormRegisterReturn } from 'react-hook-form';
import { DISCREPANCY_WORDS, words } from '../../../lib/codes';
import { formatMl } from '../../../lib/format';

export interface DiscrepancyFacts {
  discrepancy: string;
  expectedResidualMl: number | null;
  discrepancyMl: number | null;
  discrepancyThresholdMl?: number | null;
}

/** Why each kind matters to the patient, in one sentence. */
const RISK_WORDS: Record<string, string> = {
  SUSPECTED_OVER_INFUSION:
    'Less drug is left than the pump should have delivered: it may be running fast, leaking or the drug may have gone into the pocket. Risk of overdose.',
  SUSPECTED_UNDER_DELIVERY:
    'More drug is left than expected: the patient may not have received the programmed dose (catheter or pump problem). Risk of withdrawal.',
};

/**
 * A discrepancy beyond tolerance stops the refill: before the new drug goes in, the nurse re-checks the
 * aspiration and the needle position and tells the physician, and says so explicitly (the API refuses the
 * refill otherwise).
 */
export function DiscrepancyStop({
  facts,
  acknowledge,
  error,
}: {
  facts: DiscrepancyFacts;
  acknowledge: UseFormRegisterReturn<'discrepancyAcknowledged'>;
  error?: string;
}) {
  const signed = facts.discrepancyMl != null && facts.discrepancyMl > 0 ? '+' : '';
  return (
    <section
      className="alert alert-critical discrepancy-stop"
      aria-labelledby="discrepancy-stop-title"
      data-testid="discrepancy-stop"
    >
      <h3 id="discrepancy-stop-title">
        <span aria-hidden="true">✋ </span>Stop — do not inject the new drug yet
      </h3>
      <p>
        <strong>{words(DISCREPANCY_WORDS, facts.discrepancy)}.</strong> Expected residual{' '}
        {formatMl(facts.expectedResidualMl)}, difference {signed}
        {formatMl(facts.discrepancyMl)}
        {facts.discrepancyThresholdMl != null ? ` (tolerance ±${formatMl(facts.discrepancyThresholdMl)})` : ''}.{' '}
        {RISK_WORDS[facts.discrepancy] ?? ''}
      </p>
      <ol aria-label="Re-check before saving">
        <li>Aspirate again until no more fluid returns, and re-read the syringe.</li>
        <li>
          Confirm the needle is in the reservoir, not in the pocket and not in the catheter access port (refill template
          over the pump, needle through the centre septum to the needle stop).
        </li>
        <li>Inform the physician before injecting the new drug, and record what they decide in the notes.</li>
      </ol>
      <div className={`field field-check${error ? ' field-invalid' : ''}`}>
        <label>
          <input type="checkbox" {...acknowledge} /> I re-aspirated, confirmed the needle is in the reservoir and
          informed the physician
        </label>
        {error && (
          <span className="field-error" role="alert">
            <span aria-hidden="true">⚠ </span>
            {error}
          </span>
        )}
      </div>
    </section>
  );
}
