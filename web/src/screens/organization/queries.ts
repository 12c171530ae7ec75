// Organization reads shared by its screens, keyed by resource.
import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';

export type Organization = components['schemas']['Organization'];
export type Role = components['schemas']['Role'];
export type MyMembership = components['schemas']['MyMembership'];

export const membershipsKey = ['me', 'organizations'];

export function useMemberships() {
  return useQuery({ queryKey: membershipsKey, queryFn: async () => unwrap(await api.GET('/v1/me/organizations')) });
}

export function useOrganization(id: string) {
  return useQuery({
    queryKey: ['organizations', id],
    queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}', { params: { path: { id } } })),
  });
}

const RANK: Record<Role, number> = { employee: 0, manager: 1, admin: 2 };

/** My role in the organization (accepted memberships only), and what it allows. */
export function useMyRole(id: string) {
  const memberships = useMemberships();
  const mine = memberships.data?.find((m) => m.organization.id === id && m.accepted);
  const role = mine?.role;
  return {
    role,
    isManager: role !== undefined && RANK[role] >= RANK.manager,
    isAdmin: role === 'admin',
    isPending: memberships.isPending,
  };
}
