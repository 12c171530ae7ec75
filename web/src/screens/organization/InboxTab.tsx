// What waits for the organization's managers: certificate requests, uploads to verify, and
// requests to move certificates between a holder's wallets.
import { CertificateRequestsInbox } from '@/screens/organization/CertificateRequestsInbox';
import { ArtifactReviewsInbox } from '@/screens/organization/ArtifactReviewsInbox';
import { MigrationsInbox } from '@/screens/organization/MigrationsInbox';
import type { Organization } from '@/screens/organization/queries';

export function InboxTab({ organization }: { organization: Organization }) {
  return (
    <>
      <CertificateRequestsInbox organization={organization} />
      <ArtifactReviewsInbox organization={organization} />
      <MigrationsInbox organization={organization} />
    </>
  );
}
