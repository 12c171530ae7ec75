// Checking a cohort CSV before issuing: the API reads it exactly as the batch route will and
// answers every row with what is wrong with it (no handle, not a handle, a repeat, nobody by
// that handle, past the batch limit).
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';

export type BatchPreview = components['schemas']['BatchPreview'];
export type RowProblem = components['schemas']['RowProblem'];

export async function previewBatch(organizationId: string, csv: string): Promise<BatchPreview> {
  return unwrap(
    await api.POST('/v1/organizations/{id}/certificates/batch/preview', {
      params: { path: { id: organizationId } },
      body: { holders_csv: csv },
    }),
  );
}
