import type { Page, PatientDto } from '@pumpwatch/contracts';
import { queryOptions } from '@tanstack/react-query';
import { apiFetch } from '../../../lib/api-client';
import { queryKeys } from '../../../lib/query-keys';

export {
  patientQuery,
  pumpDoseProgramsQuery,
  pumpEventsQuery,
  pumpRefillsQuery,
  pumpStatusQuery,
} from '../../../lib/pump-queries';

export const patientsQuery = (search: string, page: number, pageSize = 25) =>
  queryOptions({
    queryKey: [...queryKeys.patients, 'list', { search, page, pageSize }],
    queryFn: () => {
      const q = new URLSearchParams({ page: String(page), pageSize: String(pageSize) });
      if (search.trim()) q.set('search', search.trim());
      return apiFetch<Page<PatientDto>>(`/api/patients?${q.toString()}`);
    },
    placeholderData: (prev) => prev,
  });
