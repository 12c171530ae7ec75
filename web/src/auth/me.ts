// Who is signed in (`GET /v1/me`): handle, sign-in methods, wallets, operator or not.
import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { useSession } from '@/auth/session';

export type Me = components['schemas']['Me'];

export const meKey = ['me'] as const;

export function useMe() {
  const session = useSession();
  return useQuery({
    queryKey: [...meKey, session?.accountId],
    queryFn: async () => unwrap(await api.GET('/v1/me')),
    enabled: !!session,
  });
}
