// Keyset pages (api/src/http/pagination.rs): each answer has `items` and, unless it is the last
// page, an opaque `next_cursor` to pass back as `cursor`.
import { useInfiniteQuery, type QueryKey } from '@tanstack/react-query';

export interface PageOf<T> {
  items: T[];
  next_cursor?: string | null;
}

export function useCursorList<T>(key: QueryKey, fetchPage: (cursor: string | undefined) => Promise<PageOf<T>>, enabled = true) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}
