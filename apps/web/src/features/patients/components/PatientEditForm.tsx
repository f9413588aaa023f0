import { zodResolver } from '@hookform/resolvers/zod';
import {
  HIGH_RISK_FACTORS,
  RISK_FACTORS,
  SPASTICITY_ORIGINS,
  type PatientDto,
  type RiskFactor,
  type UpdatePatientRequest,
} from '@pumpwatch/contracts';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { Field } from '../../../components/ui/Field';
import { ApiError } from '../../../lib/api-client';
import { RISK_FACTOR_WORDS } from '../../../lib/codes';
import { parseNumber } from '../../../lib/numbers';

/** The API's bounds for the screening dose: a test bolus is tens of mcg, never thousands. */
const MAX_SCREENING_DOSE_MCG = 2000;

const schema = z.object({
  givenName: z.string().trim().min(1, 'Enter the given name.').max(100),
  familyName: z.string().trim().min(1, 'Enter the family name.').max(100),
  spasticityOrigin: z.enum(SPASTICITY_ORIGINS),
  riskFactors: z.array(z.enum(RISK_FACTORS)),
  phone: z.string().max(50),
  notes: z.string().max(4000),
  screeningDoseMcg: z.string().refine((v) => {
    if (v.trim() === '') return true;
    const n = parseNumber(v);
    return /^\s*\d+(?:[.,]\d{1,2})?\s*$/.test(v) && n !== null && n > 0 && n <= MAX_SCREENING_DOSE_MCG;
  }, `Enter the screening dose in mcg (more than 0, at most ${MAX_SCREENING_DOSE_MCG}, 2 decimals), or leave it empty.`),
});
type Values = z.infer<typeof schema>;

export const PATIENT_CODE_WORDS: Record<string, string> = {
  VERSION_CONFLICT: 'Someone else changed this patient since you opened it: close, reopen and enter your change again.',
  VALIDATION_FAILED: 'Some values are missing or invalid.',
  FORBIDDEN: 'Your role may not edit patients.',
};

export interface PatientEditFormProps {
  patient: PatientDto;
  serverError?: unknown;
  pending?: boolean;
  onSubmit: (body: UpdatePatientRequest) => void;
  onCancel: () => void;
}

export function PatientEditForm({ patient, serverError, pending, onSubmit, onCancel }: PatientEditFormProps) {
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: {
      givenName: patient.givenName,
      familyName: patient.familyName,
      spasticityOrigin: patient.spasticityOrigin,
      riskFactors: patient.riskFactors,
      phone: patient.phone ?? '',
      notes: patient.notes ?? '',
      screeningDoseMcg: patient.screeningDoseMcg != null ? String(patient.screeningDoseMcg) : '',
    },
  });

  const submit = (v: Values) =>
    onSubmit({
      version: patient.version,
      givenName: v.givenName.trim(),
      familyName: v.familyName.trim(),
      spasticityOrigin: v.spasticityOrigin,
      riskFactors: v.riskFactors as RiskFactor[],
      phone: v.phone.trim(),
      notes: v.notes.trim(),
      // Empty clears it: the first program is then held to the clinic's start limit.
      screeningDoseMcg: parseNumber(v.screeningDoseMcg),
    });

  return (
    <form className="form" noValidate onSubmit={handleSubmit(submit)} aria-label="Edit patient">
      <div className="form-grid">
        <Field label="Given name" error={errors.givenName?.message}>
          <input autoComplete="off" {...register('givenName')} />
        </Field>
        <Field label="Family name" error={errors.familyName?.message}>
          <input autoComplete="off" {...register('familyName')} />
        </Field>
        <Field label="Spasticity origin" hint="Sets the largest dose step allowed (mixed: the cerebral one)">
          <select {...register('spasticityOrigin')}>
            {SPASTICITY_ORIGINS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field
          label="Screening dose (mcg, optional)"
          hint="The effective intrathecal test bolus. The first programmed daily dose is limited to twice it; leave empty when unknown (the clinic's start limit applies)."
          error={errors.screeningDoseMcg?.message}
        >
          <input inputMode="decimal" autoComplete="off" {...register('screeningDoseMcg')} />
        </Field>
        <Field label="Phone" error={errors.phone?.message}>
          <input autoComplete="off" {...register('phone')} />
        </Field>
      </div>
      <fieldset>
        <legend>Risk factors</legend>
        {RISK_FACTORS.map((r) => (
          <div className="field field-check" key={r}>
            <label>
              <input type="checkbox" value={r} {...register('riskFactors')} /> {RISK_FACTOR_WORDS[r]}
              {(HIGH_RISK_FACTORS as readonly string[]).includes(r) && (
                <span className="muted small"> (high risk for withdrawal)</span>
              )}
            </label>
          </div>
        ))}
      </fieldset>
      <Field label="Notes" error={errors.notes?.message}>
        <textarea rows={2} {...register('notes')} />
      </Field>
      {serverError != null && (
        <p className="alert alert-error" role="alert" data-testid="patient-edit-error">
          <span aria-hidden="true">⚠ </span>
          {serverError instanceof ApiError
            ? (PATIENT_CODE_WORDS[serverError.code] ?? `${serverError.message} (${serverError.code})`)
            : 'Could not reach the server. Your entry is kept: try again.'}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Saving…' : 'Save patient'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
