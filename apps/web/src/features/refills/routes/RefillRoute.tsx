import type { CreateRefillRequest } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { DISCREPANCY_WORDS, REFILL_CODE_WORDS, words } from '../../../lib/codes';
import { formatMl } from '../../../lib/format';
import { pumpDoseProgramsQuery, pumpQuery, pumpRefillsQuery } from '../../../lib/pump-queries';
import { clinicSettingsQuery, drugLibraryQuery, usersQuery } from '../../../lib/reference-data';
import { can, useSession } from '../../../lib/session';
import { useCreateRefill, type RefillResult } from '../api/refills';
import { RefillForm } from '../components/RefillForm';
import { CodeWarnings } from '../../../components/ui/CodeWarnings';

export default function RefillRoute() {
  const { pumpId = '' } = useParams();
  const { user } = useSession();
  const pump = useQuery(pumpQuery(pumpId));
  const refills = useQuery(pumpRefillsQuery(pumpId));
  const programs = useQuery(pumpDoseProgramsQuery(pumpId));
  const settings = useQuery(clinicSettingsQuery());
  const drugs = useQuery(drugLibraryQuery());
  const users = useQuery(usersQuery());
  const [done, setDone] = useState<RefillResult | null>(null);
  const mutation = useCreateRefill(pumpId, setDone);

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
          {done.discrepancy === 'SUSPECTED_OVER_INFUSION' && done.measuredRateFactor != null && (
            <p data-testid="measured-rate">
              The pump delivered {done.measuredRateFactor.toFixed(2)}× what was programmed since the last refill: the
              next forecast assumes it may run that fast again, so the refill falls due earlier.
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
          onSubmit={(body: CreateRefillRequest) => mutation.mutate(body)}
        />
      )}
    </section>
  );
}
