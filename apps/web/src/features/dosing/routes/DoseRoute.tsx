import type { DoseProgramDto } from '@pumpwatch/contracts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { CodeWarnings } from '../../../components/ui/CodeWarnings';
import { ErrorState, Loading } from '../../../components/ui/States';
import { ApiError } from '../../../lib/api-client';
import { DOSE_CODE_WORDS, words } from '../../../lib/codes';
import { latestRefill } from '../../../lib/engine-input';
import { formatInstant, formatMcgPerDay } from '../../../lib/format';
import { patientQuery, pumpQuery, pumpRefillsQuery } from '../../../lib/pump-queries';
import { clinicSettingsQuery } from '../../../lib/reference-data';
import { can, useSession } from '../../../lib/session';
import { doseChangeContextQuery, useCreateDoseProgram } from '../api/dose-programs';
import { DoseForm } from '../components/DoseForm';
import { guardTitle } from '../components/guard-words';

export default function DoseRoute() {
  const { pumpId = '' } = useParams();
  const { user } = useSession();
  const [effectiveAt, setEffectiveAt] = useState<string | null>(null);
  const pump = useQuery(pumpQuery(pumpId));
  const patient = useQuery({ ...patientQuery(pump.data?.patientId ?? ''), enabled: !!pump.data });
  const context = useQuery(doseChangeContextQuery(pumpId, effectiveAt));
  const refills = useQuery(pumpRefillsQuery(pumpId));
  const settings = useQuery(clinicSettingsQuery());
  const [saved, setSaved] = useState<DoseProgramDto | null>(null);
  const mutation = useCreateDoseProgram(pumpId, setSaved);

  if (!can.changeDose(user?.role)) return <ErrorState error={new ApiError(403, 'FORBIDDEN', 'Forbidden')} />;
  const queries = [pump, patient, context, refills, settings];
  // A failed reload for a new effective time keeps the form (and what was typed) on the previous context.
  const failed = queries.find((q) => q.isError && q.data === undefined);
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
            {formatMcgPerDay(saved.programmedDoseMcgPerDay)} effective {formatInstant(saved.effectiveAt, tz)}
            {saved.planningDoseMcgPerDay !== saved.programmedDoseMcgPerDay &&
              ` (${formatMcgPerDay(saved.planningDoseMcgPerDay)} counting every allowed bolus)`}
            .
          </p>
          {saved.overridden?.length > 0 && (
            <p>
              Overridden: {saved.overridden.map(guardTitle).join(', ')}. Reasons: “{saved.overrideReason}”. A second
              clinician must verify this change.
            </p>
          )}
          <CodeWarnings codes={saved.warnings} describe={(c) => words(DOSE_CODE_WORDS, c)} />
          <Link className="btn btn-primary" to={backTo}>
            Back to patient
          </Link>
        </div>
      ) : (
        <DoseForm
          context={context.data!}
          concentrationMcgPerMl={latestRefill(refills.data)?.concentrationMcgPerMl ?? null}
          timeZone={tz}
          serverError={mutation.error ?? undefined}
          pending={mutation.isPending}
          onSubmit={(body) => mutation.mutate(body)}
          onEffectiveAtChange={setEffectiveAt}
        />
      )}
    </section>
  );
}
