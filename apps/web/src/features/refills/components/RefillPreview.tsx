import type { RefillCheckOutput } from '@pumpwatch/domain';
import { DISCREPANCY_WORDS, REFILL_CODE_WORDS, words } from '../../../lib/codes';
import { formatMl, formatPct } from '../../../lib/format';

export function RefillPreview({ preview, initialFill }: { preview: RefillCheckOutput | null; initialFill: boolean }) {
  if (initialFill) {
    return (
      <section className="preview" aria-live="polite" data-testid="refill-preview">
        <h3>Check</h3>
        <p>Initial fill: no discrepancy check.</p>
      </section>
    );
  }
  return (
    <section className="preview" aria-live="polite" data-testid="refill-preview">
      <h3>Live check</h3>
      {!preview ? (
        <p className="muted">Enter the residual volume to compare it with the expected residual.</p>
      ) : (
        <>
          <dl className="facts facts-inline">
            <dt>Expected residual</dt>
            <dd data-testid="expected-residual">{formatMl(preview.expectedResidualMl)}</dd>
            <dt>Discrepancy</dt>
            <dd data-testid="discrepancy">
              {preview.discrepancyMl > 0 ? '+' : ''}
              {formatMl(preview.discrepancyMl)} ({formatPct(preview.discrepancyPct)}), tolerance ±
              {formatMl(preview.discrepancyThresholdMl)}
            </dd>
          </dl>
          <p
            className={preview.discrepancy === 'NONE' ? 'verdict verdict-ok' : 'verdict verdict-bad'}
            data-testid="discrepancy-verdict"
          >
            <span aria-hidden="true">{preview.discrepancy === 'NONE' ? '✓ ' : '⚠ '}</span>
            {words(DISCREPANCY_WORDS, preview.discrepancy)}
          </p>
          {[...preview.errors, ...preview.warnings].length > 0 && (
            <ul className="code-list">
              {preview.errors.map((c) => (
                <li key={c} className="code-error">
                  <span aria-hidden="true">✕ </span>
                  {words(REFILL_CODE_WORDS, c)}
                </li>
              ))}
              {preview.warnings.map((c) => (
                <li key={c} className="code-warning">
                  <span aria-hidden="true">⚠ </span>
                  {words(REFILL_CODE_WORDS, c)}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
