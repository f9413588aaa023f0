import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatInstant } from '../../../lib/format';
import { URGENCY_WORDS } from '../../../lib/triage-words';
import { openCallsQuery } from '../api/triage';

const RANK = { EMERGENCY: 0, URGENT_SAME_DAY: 1, ROUTINE: 2 } as const;

/** Calls still waiting for an outcome, most urgent first. */
export function OpenCalls({ timeZone }: { timeZone: string }) {
  const open = useQuery(openCallsQuery());
  if (open.isPending) return <Loading label="Loading open calls…" />;
  if (open.isError) return <ErrorState error={open.error} onRetry={() => void open.refetch()} />;
  if (open.data.length === 0) return <p className="muted">No call is waiting for an outcome.</p>;
  const calls = [...open.data].sort((a, b) => RANK[a.urgency] - RANK[b.urgency] || b.at.localeCompare(a.at));
  return (
    <ul className="open-calls" aria-label="Calls waiting for an outcome">
      {calls.map((c) => (
        <li key={c.id}>
          <span className={`tag urgency-tag urgency-${c.urgency}`}>{URGENCY_WORDS[c.urgency].title.split(':')[0]}</span>{' '}
          <Link to={`/triage?call=${c.id}`}>
            {c.patient ? `${c.patient.familyName}, ${c.patient.givenName} (${c.patient.mrn})` : 'Patient'}
          </Link>{' '}
          <span className="muted">{formatInstant(c.at, timeZone)}</span>
        </li>
      ))}
    </ul>
  );
}
