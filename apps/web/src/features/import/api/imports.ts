/** Import feature API: the go-live spreadsheet import (report types from contracts). */
import type { ImportDateOrder, ImportReport } from '@pumpwatch/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiFetch, getAccessToken } from '../../../lib/api-client';

export type { ImportReport };

export interface ImportRequest {
  file: File;
  dateOrder: ImportDateOrder;
  dryRun: boolean;
  skipInvalid?: boolean;
}

/** Dry run (200) or commit (201); a commit refused for invalid rows carries its report in `details`. */
export function runImport(req: ImportRequest): Promise<ImportReport> {
  const q = new URLSearchParams({ dateOrder: req.dateOrder, dryRun: String(req.dryRun) });
  if (req.skipInvalid) q.set('skipInvalid', 'true');
  const body = new FormData();
  body.append('file', req.file, req.file.name);
  return apiFetch<ImportReport>(`/api/imports?${q.toString()}`, { method: 'POST', body });
}

/** Checks a file: a dry run, nothing stored (the report shows each bad row and the preview). */
export function useCheckImport(onChecked: (report: ImportReport) => void) {
  return useMutation({
    mutationFn: (req: Omit<ImportRequest, 'dryRun'>) => runImport({ ...req, dryRun: true }),
    onSuccess: onChecked,
  });
}

/** Imports a checked file in one transaction; it can touch any patient, pump, alarm or list, so every query is read again. */
export function useCommitImport() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (req: Omit<ImportRequest, 'dryRun'>) => runImport({ ...req, dryRun: false }),
    onSuccess: () => client.invalidateQueries(),
  });
}

/** The report inside a refusal (422 IMPORT_HAS_ERRORS), if that is what the error is. */
export function reportOf(error: unknown): ImportReport | null {
  if (error instanceof ApiError && error.code === 'IMPORT_HAS_ERRORS') return error.details as ImportReport;
  return null;
}

/** Templates need the bearer token, so they are fetched and handed to the browser as a download. */
export async function downloadTemplate(kind: 'csv' | 'xlsx'): Promise<void> {
  const token = getAccessToken();
  const res = await fetch(`/api/imports/template.${kind}`, {
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = `pumpwatch-import-template.${kind}`;
  a.click();
  URL.revokeObjectURL(url);
}

/** Pumps that will show REFILL_OVERDUE on the board once imported. */
export const overdueCount = (r: ImportReport) => r.preview.filter((p) => p.alarms.includes('REFILL_OVERDUE')).length;
