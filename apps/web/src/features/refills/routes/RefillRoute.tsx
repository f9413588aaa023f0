import type { CreateRefillRequest } from '@pumpwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { ApiError, newIdempotencyKey } from '../../../lib/api-client';
import { DISCREPANCY_WORDS, REFILL_CODE_WORDS, words } from '../../../lib/codes';
import { formatMl } from '../../../lib/format';
import { pumpDoseProgramsQuery, pumpQuery, pumpRefillsQuery } from '../../../lib/pump-queries';
import { queryKeys } from '../../../lib/query-keys';
import { clinicSettingsQuery, drugLibraryQuery, usersQuery } from '../../../lib/reference-data';
import { can, useSession } from '../../../lib/session';
import { createRefill, type RefillResult } from '../api/refills';
import { RefillForm } from '../components/RefillForm';
import { CodeWarnings } from '../../../components/ui/CodeWarnings';

export default function RefillRoute() {
  const { pumpId = '' } = useParams();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const pump = useQuery(pumpQuery(pumpId));
  const refills = useQuery(pumpRefillsQuery(pumpId));
  const programs = useQuery(pumpDoseProgramsQuery(pumpId));
  const settings = useQuery(clinicSettingsQuery());
  const drugs = useQuery(drugLibraryQuery());
  const users = useQuery(usersQuery());
  const [done, setDone] = useState<RefillResult | null>(null);
  // One key per attempt: a retry after a network error reuses it (the API replays, no duplicate refill).
  const keyRef = useRef(newIdempotencyKey());

  const mutation = useMutation({
    mutationFn: (body: CreateRefillRequest) => createRefill({ pumpId, body, idempotencyKey: keyRef.current }),
    onSuccess: (res) => {
      setDone(res);
      keyRef.current = newIdempotencyKey();
      void queryClient.invalidateQueries({ queryKey: ['pumps', pumpId] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
    },
    onError: (e) => {
      if (e instanceof ApiError) keyRef.current = newIdempotencyKey();
    },
  });

  const queries = [pump, refills, programs, settings, drugs, users];
  const failed = queries.find((q) => q.isError);
  if (!can.recordRefill(user?.role)) return <ErrorState error={new ApiError(403, 'FORBIDDEN', 'Forbidden')} />;
  if (failed) return <ErrorState error={failed.error} onRetry={() => queries.forEach((q) => void q.refetch())} />;
  if (queries.some((q) => q.isPending)) return <Loading label="Loading pump…" />;

  const p = pump.data!;
  const backTo = `/patients/${p.patientId}`;
  return (
    <section aria-labelledby="refill-title">
      <div className="page-head">
        <h2 id="refill-title">
          Record refill — {p.model} <span className="muted">SN {p.serialNumber}</span>
        </h2>
        <Link to={backTo}>Back to patient</Link>
      </div>
      {done ? (
        <div className="card" role="status" data-testid="refill-recorded">
          <h3>
            <span aria-hidden="true">✓ </span>Refill recorded
          </h3>
          {done.expectedResidualMl != null && (
            <p>
              Expected residual {formatMl(done.expectedResidualMl)}, discrepancy {formatMl(done.discrepancyMl)}:{' '}
              <strong>{words(DISCREPANCY_WORDS, done.discrepancy)}</strong>
            </p>
          )}
          <CodeWarnings codes={done.warnings} describe={(c) => words(REFILL_CODE_WORDS, c)} />
          <Link className="btn btn-primary" to={backTo}>
            Back to patient
          </Link>
        </div>
      ) : (
        <RefillForm
          pump={p}
          refills={refills.data!}
          programs={programs.data!}
          drugLibrary={drugs.data!}
          users={users.data!}
          currentUserId={user!.id}
          timeZone={settings.data!.timeZone}
          policy={settings.data!.policy}
          nowIso={new Date().toISOString()}
          serverError={mutation.error ?? undefined}
          pending={mutation.isPending}
          onSubmit={(body) => mutation.mutate(body)}
        />
      )}
    </section>
  );
}
