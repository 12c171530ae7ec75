// Certificate reads shared by the list and the detail, keyed by resource.
import { useQuery } from '@tanstack/react-query';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import type { components } from '@/api/schema';

export type HeldCertificate = components['schemas']['HeldCertificate'];
export type Verification = components['schemas']['Verification'];

export const myCertificatesKey = ['me', 'certificates'];

export function useMyCertificates() {
  return useQuery({
    queryKey: myCertificatesKey,
    queryFn: async () => unwrap(await api.GET('/v1/me/certificates')),
  });
}

export function useVerification(id: number) {
  return useQuery({
    queryKey: ['certificates', id, 'verification'],
    queryFn: async () => unwrap(await api.GET('/v1/verify/{id}', { params: { path: { id } } })),
  });
}

/** The public page of a certificate (HTML with Open Graph tags, served by the API). */
export function publicUrl(id: number): string {
  return `${window.location.origin}/c/${id}`;
}
