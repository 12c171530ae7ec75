// After a chain write is final, the screens that read the chain mirror (the indexer's copy of the
// chain) may still see the old state for a block or two. These helpers refetch a query until the
// mirror shows the write: with a predicate, every second for up to ~10 s until it holds; without
// one, now and again at 3 s and 8 s.
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AwaitMirrorOptions<T> {
  /** True once the query's data shows the write. */
  until?: (data: T | undefined) => boolean;
  intervalMs?: number;
  timeoutMs?: number;
}

const UNCONDITIONAL_DELAYS = [0, 3000, 8000];

/** Refetches `queryKey` (and the queries under it) until the mirror caught up; true if it did. */
export async function awaitMirror<T>(queryClient: QueryClient, queryKey: QueryKey, options: AwaitMirrorOptions<T> = {}): Promise<boolean> {
  const { until, intervalMs = 1000, timeoutMs = 10_000 } = options;
  if (!until) {
    let waited = 0;
    for (const at of UNCONDITIONAL_DELAYS) {
      await sleep(at - waited);
      waited = at;
      await queryClient.invalidateQueries({ queryKey });
    }
    return true;
  }
  const started = Date.now();
  for (;;) {
    await queryClient.invalidateQueries({ queryKey });
    if (until(queryClient.getQueryData<T>(queryKey))) return true;
    if (Date.now() - started >= timeoutMs) return false;
    await sleep(intervalMs);
  }
}

/** awaitMirror bound to this screen's query client: `refreshMirror(key, { until })` after a write. */
export function useAwaitMirror() {
  const queryClient = useQueryClient();
  return <T,>(queryKey: QueryKey, options?: AwaitMirrorOptions<T>) => {
    void awaitMirror(queryClient, queryKey, options);
  };
}
