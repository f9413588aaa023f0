import type { PatientDto } from '@pumpwatch/contracts';
import { Dialog } from '../../../components/ui/Dialog';
import { useUpdatePatient } from '../api/patients';
import { PatientEditForm } from './PatientEditForm';

export function EditPatientDialog({ patient, onClose }: { patient: PatientDto; onClose: () => void }) {
  const mutation = useUpdatePatient(patient.id, onClose);
  return (
    <Dialog title={`Edit patient — ${patient.familyName}, ${patient.givenName}`} onClose={onClose}>
      <PatientEditForm
        patient={patient}
        serverError={mutation.error ?? undefined}
        pending={mutation.isPending}
        onSubmit={(body) => mutation.mutate(body)}
        onCancel={onClose}
      />
    </Dialog>
  );
}
