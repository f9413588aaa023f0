import type { ClinicianDto, DoseProgramDto, UserDto } from '@pumpwatch/contracts';
import { useState } from 'react';
import { formatInstant } from '../../../lib/format';
import { useVerifyDoseProgram } from '../../dosing/api';
import { mayVerify, VerifyDoseDialog } from './VerifyDoseDialog';

/**
 * The "Verified" cell of a dose history row: who verified and when, or "Not verified" with a Verify
 * action for a nurse or physician who is not the program's author.
 */
export function DoseVerification({
  program,
  user,
  users,
  timeZone,
  concentrationMcgPerMl,
}: {
  program: DoseProgramDto;
  user: Pick<UserDto, 'id' | 'name' | 'role'> | null;
  users: Map<string, ClinicianDto>;
  timeZone: string;
  concentrationMcgPerMl: number | null;
}) {
  const [open, setOpen] = useState(false);
  const mutation = useVerifyDoseProgram(program, () => setOpen(false));
  const name = (id: string | null) => (id ? (users.get(id)?.name ?? 'unknown user') : 'unknown user');

  if (program.verifiedAt) {
    return (
      <span>
        <span aria-hidden="true">✓ </span>
        {name(program.verifiedBy)}, {formatInstant(program.verifiedAt, timeZone)}
      </span>
    );
  }
  const isAuthor = user?.id === program.createdBy;
  return (
    <span className="verify-cell">
      <strong>
        <span aria-hidden="true">⚠ </span>Not verified
      </strong>{' '}
      {mayVerify(user, program) ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            mutation.reset();
            setOpen(true);
          }}
        >
          Verify
        </button>
      ) : isAuthor ? (
        <span className="muted small">(you wrote it: another clinician verifies)</span>
      ) : null}
      {open && (
        <VerifyDoseDialog
          program={program}
          concentrationMcgPerMl={concentrationMcgPerMl}
          timeZone={timeZone}
          authorName={name(program.createdBy)}
          error={mutation.error}
          pending={mutation.isPending}
          onConfirm={() => mutation.mutate()}
          onClose={() => setOpen(false)}
        />
      )}
    </span>
  );
}
