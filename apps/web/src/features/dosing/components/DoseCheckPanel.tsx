import { formatMcg, formatMcgPerDay, formatMlPerDay } from '../../../lib/format';
import type { DoseChangeContextDto } from '../api/dose-programs';
import type { Proposal } from './dose-form-model';
import { guardExplanation, guardTitle } from './guard-words';
import type { DoseCheck } from './useDoseCheck';

/** "5,150 mcg/day: 150 mcg/day programmed + up to 10 boluses of 500 mcg a day". */
function PlanningWords({ p }: { p: Proposal }) {
  const bolusTerm = (p.bolusDoseMcg ?? 0) * (p.maxBolusesPerDay ?? 0);
  return (
    <p data-testid="planning-dose">
      Planning dose <strong>{formatMcgPerDay(p.planningMcgPerDay)}</strong>
      {bolusTerm > 0 ? (
        <>
          : {formatMcgPerDay(p.programmedMcgPerDay)} programmed + up to {p.maxBolusesPerDay} boluses of{' '}
          {formatMcg(p.bolusDoseMcg)} a day ({formatMcgPerDay(bolusTerm)}). Every allowed bolus is counted as taken: the
          limits and the refill forecast use this dose.
        </>
      ) : (
        ' (no patient boluses).'
      )}
    </p>
  );
}

export function DoseCheckPanel({
  proposal,
  check,
  failure,
  context,
  rateMlPerDay,
  timeZone,
}: {
  proposal: Proposal;
  check: DoseCheck | null;
  failure: string | null;
  context: DoseChangeContextDto;
  rateMlPerDay: number | null;
  timeZone: string;
}) {
  if (proposal.problem) {
    return (
      <section className="preview" aria-live="polite" data-testid="dose-preview">
        <h3>Live check</h3>
        <p className="verdict verdict-bad">
          <span aria-hidden="true">⚠ </span>
          {proposal.problem}
        </p>
      </section>
    );
  }
  if (proposal.programmedMcgPerDay === null) {
    return (
      <section className="preview" aria-live="polite" data-testid="dose-preview">
        <h3>Live check</h3>
        <p className="muted">Enter the new dose to see the rate and the guard rails.</p>
      </section>
    );
  }
  const a = check?.assessment;
  const B = a?.referenceDoseMcgPerDay ?? null;
  const P = proposal.planningMcgPerDay;
  const args = a && check ? { a, p: proposal, context, policy: check.policy, timeZone } : null;
  const clear = !!a && a.findings.length === 0 && a.output.warnings.length === 0;
  return (
    <section className="preview" aria-live="polite" data-testid="dose-preview">
      <h3>Live check</h3>
      <PlanningWords p={proposal} />
      <dl className="facts facts-inline">
        <dt>Rate</dt>
        <dd data-testid="dose-rate">
          {rateMlPerDay === null ? 'no concentration on record' : formatMlPerDay(rateMlPerDay)}
        </dd>
        {B !== null && P !== null && (
          <>
            <dt>Compared with</dt>
            <dd data-testid="reference-dose">
              {formatMcgPerDay(B)}
              {a?.restart ? ' (the dose before the stop)' : ''}: {P >= B ? '+' : '−'}
              {((Math.abs(P - B) / B) * 100).toFixed(1)} %
            </dd>
          </>
        )}
      </dl>
      {failure && (
        <p className="verdict verdict-bad" role="alert">
          <span aria-hidden="true">✕ </span>The dose check could not run ({failure}): this dose cannot be saved.
        </p>
      )}
      {a && args && check && (
        <ul className="code-list" aria-label="Guard rails">
          {clear && (
            <li className="code-ok">
              <span aria-hidden="true">✓ </span>Within the clinic&apos;s dose rules.
            </li>
          )}
          {a.findings.map((c) => {
            const blocking = a.nonOverridable.includes(c);
            const lifted = check.output.overridden.includes(c);
            return (
              <li key={c} className={blocking ? 'code-error' : 'code-warning'} data-code={c}>
                <span aria-hidden="true">{blocking ? '✕ ' : '⚠ '}</span>
                <strong>{guardTitle(c)}.</strong> {guardExplanation(c, args)}{' '}
                <span className="muted">
                  {blocking
                    ? '(cannot be overridden)'
                    : a.nonOverridable.length > 0
                      ? '(a reason could lift this, but not while a guard that cannot be overridden applies)'
                      : lifted
                        ? '(overridden with reason)'
                        : '(needs an override reason below)'}
                </span>
              </li>
            );
          })}
          {a.output.warnings.map((c) => (
            <li key={c} className="code-warning" data-code={c}>
              <span aria-hidden="true">▲ </span>
              {guardExplanation(c, args)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
