import type { PatientDto } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ErrorState, Loading } from '../../../components/ui/States';
import { formatLocalDate } from '../../../lib/format';
import { patientsQuery } from '../../patients/api';

/** Find the caller's patient by name or MRN (debounced); one click picks them. */
export function PatientSearch({ onPick }: { onPick: (patient: PatientDto) => void }) {
  const [draft, setDraft] = useState('');
  const [search, setSearch] = useState('');
  useEffect(() => {
    const id = setTimeout(() => setSearch(draft.trim()), 250);
    return () => clearTimeout(id);
  }, [draft]);
  const list = useQuery({ ...patientsQuery(search, 1, 10), enabled: search.length > 0 });
  return (
    <div className="triage-search">
      <label>
        Patient name or MRN
        <input
          type="search"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder="e.g. Smith or MRN-00012"
          autoFocus
        />
      </label>
      {search &&
        (list.isPending ? (
          <Loading label="Searching…" />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.items.length === 0 ? (
          <p className="state state-empty">No patient matches “{search}”.</p>
        ) : (
          <ul className="triage-results" aria-label="Matching patients">
            {list.data.items.map((p) => (
              <li key={p.id}>
                <button type="button" className="btn" onClick={() => onPick(p)}>
                  <strong>
                    {p.familyName}, {p.givenName}
                  </strong>{' '}
                  · {p.mrn} · born {formatLocalDate(p.birthDate)}
                  {p.highRisk && <span className="tag tag-risk">High risk</span>}
                </button>
              </li>
            ))}
          </ul>
        ))}
    </div>
  );
}
