import type {
  ClinicianDto,
  DoseProgramDto,
  PumpEventDto,
  RefillDto,
  TriageCallDto,
  UserDto,
} from '@pumpwatch/contracts';
import { Empty } from '../../../components/ui/States';
import { DISCREPANCY_WORDS, EVENT_WORDS, words } from '../../../lib/codes';
import { formatConcentration, formatInstant, formatMcg, formatMcgPerDay, formatMl } from '../../../lib/format';
import {
  OUTCOME_WORDS as TRIAGE_OUTCOME_WORDS,
  SUSPECTED_WORDS as TRIAGE_SUSPECTED_WORDS,
} from '../../../lib/triage-words';
import { DoseVerification } from './DoseVerification';

const TRIAGE_URGENCY_WORDS = { EMERGENCY: 'Emergency', URGENT_SAME_DAY: 'Urgent (same day)', ROUTINE: 'Routine' };

const doseText = (p: DoseProgramDto) =>
  p.flexSteps
    ? `Flex, ${p.flexSteps.length} steps = ${formatMcgPerDay(p.programmedDoseMcgPerDay)}`
    : `Simple ${formatMcgPerDay(p.basalDoseMcgPerDay)}`;

export function DoseHistory({
  programs,
  timeZone,
  users,
  user,
  concentrationMcgPerMl,
}: {
  programs: DoseProgramDto[];
  timeZone: string;
  users: Map<string, ClinicianDto>;
  /** The signed-in clinician: verifies programs they did not write. */
  user: Pick<UserDto, 'id' | 'name' | 'role'> | null;
  concentrationMcgPerMl: number | null;
}) {
  if (programs.length === 0) return <Empty>No dose programs recorded.</Empty>;
  const sorted = [...programs].sort((a, b) => b.effectiveAt.localeCompare(a.effectiveAt));
  return (
    <table className="table table-compact" aria-label="Dose history">
      <thead>
        <tr>
          <th scope="col">Effective</th>
          <th scope="col">Programmed dose</th>
          <th scope="col">Bolus</th>
          <th scope="col">Planning dose</th>
          <th scope="col">Override</th>
          <th scope="col">Verified</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((p) => (
          <tr key={p.id} data-testid="dose-history-row" data-verified={p.verifiedAt ? 'yes' : 'no'}>
            <td>{formatInstant(p.effectiveAt, timeZone)}</td>
            <td>{doseText(p)}</td>
            <td>{p.bolusDoseMcg != null ? `${formatMcg(p.bolusDoseMcg)} × ${p.maxBolusesPerDay ?? 0}/day` : '—'}</td>
            <td>{formatMcgPerDay(p.planningDoseMcgPerDay)}</td>
            <td>{p.overrideReason ? `${p.overridden.join(', ')}: “${p.overrideReason}”` : '—'}</td>
            <td>
              <DoseVerification
                program={p}
                user={user}
                users={users}
                timeZone={timeZone}
                concentrationMcgPerMl={concentrationMcgPerMl}
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type Entry = { at: string; kind: 'Refill' | 'Dose change' | 'Event' | 'Call'; text: string; flag?: string };

export function Timeline({
  refills,
  programs,
  events,
  calls = [],
  timeZone,
  users,
}: {
  refills: RefillDto[];
  programs: DoseProgramDto[];
  events: PumpEventDto[];
  /** Calls about symptoms taken while this pump was the patient's active one. */
  calls?: TriageCallDto[];
  timeZone: string;
  users: Map<string, ClinicianDto>;
}) {
  const by = (id: string | null | undefined) => (id ? (users.get(id)?.name ?? 'unknown user') : 'unknown user');
  const entries: Entry[] = [
    ...refills.map((r) => ({
      at: r.at,
      kind: 'Refill' as const,
      text: r.initialFill
        ? `Initial fill ${formatMl(r.volumeAddedMl)} at ${formatConcentration(r.concentrationMcgPerMl)} — ${by(r.recordedBy)}`
        : `Residual ${formatMl(r.actualResidualMl)} (expected ${formatMl(r.expectedResidualMl)}), added ${formatMl(r.volumeAddedMl)} at ${formatConcentration(r.concentrationMcgPerMl)} — ${by(r.recordedBy)}`,
      flag: r.discrepancy !== 'NONE' ? words(DISCREPANCY_WORDS, r.discrepancy) : undefined,
    })),
    ...programs.map((p) => ({
      at: p.effectiveAt,
      kind: 'Dose change' as const,
      text: `${doseText(p)} — ${by(p.createdBy)}`,
      flag: p.overridden.length ? `Override: ${p.overrideReason ?? ''}` : undefined,
    })),
    ...events.map((e) => ({
      at: e.at,
      kind: 'Event' as const,
      text: `${words(EVENT_WORDS, e.type)}${e.notes ? `: ${e.notes}` : ''} — ${by(e.recordedBy)}`,
    })),
    ...calls.map((c) => ({
      at: c.at,
      kind: 'Call' as const,
      text: `${words(TRIAGE_URGENCY_WORDS, c.urgency)}, ${words(TRIAGE_SUSPECTED_WORDS, c.suspected)} — ${by(c.recordedBy)}${c.outcome ? `; outcome: ${words(TRIAGE_OUTCOME_WORDS, c.outcome)}` : ''}`,
      flag: c.status === 'open' ? 'Outcome not recorded' : undefined,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  if (entries.length === 0) return <Empty>Nothing recorded yet.</Empty>;
  return (
    <ol className="timeline" aria-label="Pump timeline">
      {entries.map((e, i) => (
        <li key={`${e.kind}-${e.at}-${i}`}>
          <time dateTime={e.at}>{formatInstant(e.at, timeZone)}</time>
          <span className="tag">{e.kind}</span> {e.text}
          {e.flag && (
            <span className="tag tag-risk">
              <span aria-hidden="true">⚠ </span>
              {e.flag}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}
