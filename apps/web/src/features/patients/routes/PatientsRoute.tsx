import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Empty, ErrorState, Loading } from '../../../components/ui/States';
import { formatLocalDate } from '../../../lib/format';
import { patientsQuery } from '../api/patients';

const PAGE_SIZE = 25;

export default function PatientsRoute() {
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? 1) || 1);
  const [draft, setDraft] = useState(search);

  // Debounced: typing does not fire a request per keystroke; the URL keeps the search for back/forward.
  useEffect(() => {
    const id = setTimeout(() => {
      if (draft !== search) setParams(draft ? { search: draft } : {}, { replace: true });
    }, 250);
    return () => clearTimeout(id);
  }, [draft, search, setParams]);

  const list = useQuery(patientsQuery(search, page, PAGE_SIZE));
  const total = list.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const goTo = (p: number) => setParams({ ...(search ? { search } : {}), page: String(p) });

  return (
    <section aria-labelledby="patients-title">
      <div className="page-head">
        <h2 id="patients-title">Patients</h2>
      </div>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label>
          Search by name or MRN
          <input type="search" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        {list.data && <span className="muted">{total} patients</span>}
      </form>
      {list.isPending ? (
        <Loading label="Loading patients…" />
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <Empty>{search ? `No patient matches “${search}”.` : 'No patients yet.'}</Empty>
      ) : (
        <>
          {/* busy while a new search's results load (the previous ones stay shown): screen readers and the
              keyboard tests know the rows may still change under the focus */}
          <table className="table" aria-busy={list.isFetching}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">MRN</th>
                <th scope="col">Birth date</th>
                <th scope="col">Spasticity</th>
                <th scope="col">Risk</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link to={`/patients/${p.id}`}>
                      {p.familyName}, {p.givenName}
                    </Link>
                  </td>
                  <td>{p.mrn}</td>
                  <td>
                    {formatLocalDate(p.birthDate)}
                    {p.pediatric && <span className="tag">Child</span>}
                  </td>
                  <td>{p.spasticityOrigin}</td>
                  <td>
                    {p.highRisk ? (
                      <span className="tag tag-risk">
                        <span aria-hidden="true">⚑ </span>High risk
                      </span>
                    ) : (
                      'Standard'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {pages > 1 && (
            <nav className="pager" aria-label="Pages">
              <button type="button" className="btn btn-small" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                Previous
              </button>
              <span>
                Page {page} of {pages}
              </span>
              <button type="button" className="btn btn-small" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}
