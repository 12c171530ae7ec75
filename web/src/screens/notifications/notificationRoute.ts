// The screen a notice opens: the same mapping the API's Telegram sender uses for its buttons
// (`render()` in api/src/notifications/render.rs), so a notice opens the same place in the app
// as from the chat.

type Payload = Record<string, unknown> | null | undefined;

function id(payload: Payload, key: string): string {
  const value = payload?.[key];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

export function routeForNotification(kind: string, payload: unknown): string {
  const p = (typeof payload === 'object' ? payload : null) as Payload;
  switch (kind) {
    case 'badge_received':
    case 'level_reached':
      return '/achievements';
    case 'attestation_assigned':
    case 'attestation_opened':
    case 'attestation_result':
      return `/attestations/${id(p, 'attestation_id')}`;
    case 'certificate_issued':
    case 'certificate_revoked':
      return `/certificates/${id(p, 'certificate_id')}`;
    case 'application_status':
      return `/applications/${id(p, 'application_id')}`;
    case 'application_received':
      return `/applications/${id(p, 'application_id')}`;
    case 'contract':
    case 'review':
      return `/contracts/${id(p, 'contract_id')}`;
    case 'recommendation_requested':
      return '/recommendations';
    case 'certificate_requested':
    case 'artifact_review_requested':
    case 'migration_requested':
      return `/organization/${id(p, 'organization_id')}/inbox`;
    case 'organization_invitation':
      return `/organization/${id(p, 'organization_id')}/invitation`;
    case 'verification_decided':
      return `/organization/${id(p, 'organization_id')}`;
    default:
      return '/notifications';
  }
}
