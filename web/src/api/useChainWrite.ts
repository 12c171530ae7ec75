// Chain writes: the API dry-runs the call (a refusal is a problem at once), then answers 202 with an
// operation that is queued, submitted and finalized later. This hook sends with a fresh
// Idempotency-Key (a retry of the same click would replay, a new click is a new write) — the
// client adds `Prefer: wait` to such requests — and otherwise polls the operation until it is finalized
// or failed, so a screen shows one pending state ("writing to the blockchain…") and then the
// final answer or the translated problem.
import { useState } from 'react';
import { useMutation, type UseMutationResult } from '@tanstack/react-query';
import { api } from '@/api/client';
import { ApiProblem, isProblem } from '@/api/problem';
import type { components } from '@/api/schema';
import { hapticFailure, hapticSuccess } from '@/telegram/haptics';

export type Operation = components['schemas']['Operation'];

/** What openapi-fetch returns for one request. */
export interface Sent {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The header a transaction route requires: pass it as `params: { header: key }`. */
export interface IdempotencyHeader {
  'Idempotency-Key': string;
}
const POLL_MS = 1500;
const GIVE_UP_MS = 5 * 60 * 1000;

function newKey(): string {
  return crypto.randomUUID();
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until the operation is final; its result on success, an ApiProblem on failure. */
export async function settle(operation: Operation): Promise<unknown> {
  const started = Date.now();
  let current = operation;
  while (current.status !== 'finalized' && current.status !== 'failed') {
    if (Date.now() - started > GIVE_UP_MS) throw new ApiProblem(408, undefined);
    await sleep(POLL_MS);
    const { data, error, response } = await api.GET('/v1/operations/{id}', {
      params: { path: { id: current.id } },
    });
    if (!data) throw new ApiProblem(response.status, error);
    current = data;
  }
  if (current.status === 'failed') {
    const problem = isProblem(current.problem) ? current.problem : undefined;
    throw new ApiProblem(problem?.status ?? 409, problem ?? { type: 'operation-failed', title: '', status: 409 });
  }
  return current.result;
}

export type ChainWrite<V, R> = UseMutationResult<R, Error, V> & {
  /** True while the operation waits for the chain (after the API accepted it). */
  onChain: boolean;
};

export function useChainWrite<V, R = unknown>(
  send: (variables: V, key: IdempotencyHeader) => Promise<Sent>,
  options: { onSuccess?: (result: R, variables: V) => void } = {},
): ChainWrite<V, R> {
  const [onChain, setOnChain] = useState(false);
  const mutation = useMutation<R, Error, V>({
    mutationFn: async (variables) => {
      const { data, error, response } = await send(variables, { 'Idempotency-Key': newKey() });
      if (!response.ok) throw new ApiProblem(response.status, error);
      if (response.status !== 202) return data as R;
      setOnChain(true);
      try {
        return (await settle(data as Operation)) as R;
      } finally {
        setOnChain(false);
      }
    },
    onSuccess: (result, variables) => {
      hapticSuccess();
      options.onSuccess?.(result, variables);
    },
    onError: () => hapticFailure(),
  });
  return Object.assign(mutation, { onChain });
}
