import type { CreateDoseProgramRequest, DoseProgramDto } from '@pumpwatch/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { latestRefill } from '../../../lib/engine-input';
import { formatInstant, formatMcgPerDay } from '../../../lib/format';
import { patientQuery, pumpDoseProgramsQuery, pumpQuery, pumpRefillsQuery } from '../../../lib/pump-queries';
import { queryKeys } from '../../../lib/query-keys';
import { clinicSettingsQuery } from '../../../lib/reference-data';
import { can, useSession } from '../../../lib/session';
import { createDoseProgram } from '../api/dose-programs';
import { DoseForm } from '../components/DoseForm';
import { CodeWarnings } from '../../../components/ui/CodeWarnings';

export default function DoseRoute() {
  const { pumpId = '' } = useParams();
  const { user } = useSession();
  const queryClient = useQueryClient();
  const pump = useQuery(pumpQuery(pumpId));
  const patient = useQuery({ ...patientQuery(pump.data?.patientId ?? ''), enabled: !!pump.data });
  const programs = useQuery(pumpDoseProgramsQuery(pumpId));
  const refills = useQuery(pumpRefillsQuery(pumpId));
  const settings = useQuery(clinicSettingsQuery());
  const [saved, setSaved] = useState<DoseProgramDto | null>(null);
  const [nowIso] = useState(() => new Date().toISOString());

  const mutation = useMutation({
    mutationFn: (body: CreateDoseProgramRequest) => createDoseProgram({ pumpId, body }),
    onSuccess: (res) => {
      setSaved(res);
      void queryClient.invalidateQueries({ queryKey: ['pumps', pumpId] });
      void queryClient.invalidateQueries({ queryKey: queryKeys.alarms });
      void queryClient.invalidateQueries({ queryKey: queryKeys.worklist });
    },
  });

  if (!can.changeDose(user?.role)) return <ErrorState error={new ApiError(403, 'FORBIDDEN', 'Forbidden')} />;
  const queries = [pump, patient, programs, refills, settings];
  const failed = queries.find((q) => q.isError);
  if (failed) return <ErrorState error={failed.error} onRetry={() => queries.forEach((q) => void q.refetch())} />;
  if (queries.some((q) => q.isPending)) return <Loading label="Loading pump…" />;

  const p = pump.data!;
  const tz = settings.data!.timeZone;
  const backTo = `/patients/${p.patientId}`;
  return (
    <section aria-labelledby="dose-title">
      <div className="page-head">
        <h2 id="dose-title">
          Change dose — {patient.data!.familyName}, {patient.data!.givenName}{' '}
          <span className="muted">
            {p.model} SN {p.serialNumber}
          </span>
        </h2>
        <Link to={backTo}>Back to patient</Link>
      </div>
      {saved ? (
        <div className="card" role="status" data-testid="dose-saved">
          <h3>
            <span aria-hidden="true">✓ </span>Dose program saved
          </h3>
          <p>
            {formatMcgPerDay(saved.programmedDoseMcgPerDay)} effective {formatInstant(saved.effectiveAt, tz)}.
          </p>
          {saved.overridden?.length > 0 && (
            <p>
              Overridden: {saved.overridden.map((c) => words(DOSE_CODE_WORDS, c)).join(' ')} Reason: “
              {saved.overrideReason}”. A second clinician must verify this change.
            </p>
          )}
          <CodeWarnings codes={saved.warnings} describe={(c) => words(DOSE_CODE_WORDS, c)} />
          <Link className="btn btn-primary" to={backTo}>
            Back to patient
          </Link>
        </div>
      ) : (
        <DoseForm
          pump={p}
          patient={patient.data!}
          programs={programs.data!}
          concentrationMcgPerMl={latestRefill(refills.data)?.concentrationMcgPerMl ?? null}
          timeZone={tz}
          policy={settings.data!.policy}
          nowIso={nowIso}
          serverError={mutation.error ?? undefined}
          pending={mutation.isPending}
          onSubmit={(body) => mutation.mutate(body)}
        />
      )}
    </section>
  );
}
