// Employment on chain: hire (an employment certificate with its position); below, the
// organization's employment certificates, each promoted (a new one that supersedes it), dismissed
// (revoked with reason Dismissed: tenure stops) or revoked from the list.
import { useState, type FormEvent } from 'react';
import { Button, Placeholder } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { ApiProblem } from '@/api/problem';
import type { components } from '@/api/schema';
import { useChainWrite } from '@/api/useChainWrite';
import { TextField } from '@/components/Field';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { DocumentFields, emptyDocument, toDocument, type DocumentDraft } from '@/screens/organization/DocumentFields';
import { IssuedCertificates, IssuedLink, useRefreshIssued } from '@/screens/organization/IssuedCertificates';
import type { Organization } from '@/screens/organization/queries';

type Issued = components['schemas']['IssuedCertificate'];

export function EmploymentTab({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  if (!organization.verified) return <Placeholder header={t('issue.notVerified')} description={t('issue.notVerifiedHint')} />;
  return (
    <>
      <Hire organizationId={organization.id} />
      <IssuedCertificates organization={organization} initialKind="employment" />
    </>
  );
}

function Hire({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation('organization');
  const [holder, setHolder] = useState('');
  const [draft, setDraft] = useState<DocumentDraft>(emptyDocument);
  const refresh = useRefreshIssued(organizationId);
  const hire = useChainWrite<void, Issued>(
    (_, key) =>
      api.POST('/v1/organizations/{id}/employments', {
        params: { path: { id: organizationId }, header: key },
        body: { holder: holder.replace(/^@/, ''), ...toDocument(draft) },
      }),
    { onSuccess: refresh },
  );
  const error = (field: string) => (hire.error instanceof ApiProblem ? hire.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    hire.mutate();
  };
  return (
    <Section header={t('employment.hire')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('employment.hire')}>
        <TextField label={t('issue.holder')} value={holder} required autoCapitalize="none" onChange={(e) => setHolder(e.target.value)} error={error('holder')} />
        <DocumentFields value={draft} onChange={setDraft} withPosition error={error} />
        <Button type="submit" loading={hire.isPending}>
          {t('employment.hireSubmit')}
        </Button>
        <ChainPending active={hire.onChain} />
        <ProblemText error={hire.error} />
      </form>
      <IssuedLink issued={hire.data} />
    </Section>
  );
}
