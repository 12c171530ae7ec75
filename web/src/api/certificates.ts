// Certificate types shared by the screens that issue, request, confirm and list certificates.
import type { components } from '@/api/schema';

type Schemas = components['schemas'];

/** What the issuer states (title, description, skills …); becomes the Open Badges credential. */
export type CertificateDocument = Schemas['CertificateDocument'];
export type CertificateKind = Schemas['CertificateKind'];
export const CERTIFICATE_KINDS: CertificateKind[] = ['diploma', 'course', 'employment', 'achievement', 'event', 'recommendation', 'badge'];

/** The revocation reasons an issuer may give. */
export type RevocationReason = Schemas['RevocationReasonKind'];
export const REVOCATION_REASONS: RevocationReason[] = ['issued_in_error', 'fraud', 'dismissed'];

/** The states a certificate's status can be in (the `status` of verify and of the issued list). */
export const CERTIFICATE_STATUSES = ['active', 'expired', 'revoked', 'superseded', 'issuer_suspended'] as const;

/** "a, b , c" → ["a", "b", "c"]. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
