// Ask an organization for a certificate (POST /v1/me/certificate-requests): its managers approve
// (the registry issues it exactly as asked) or reject. A chain write: the request goes on chain.
import { useState, type FormEvent } from 'react';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { useAwaitMirror } from '@/api/mirror';
import { ApiProblem } from '@/api/problem';
import type { components } from '@/api/schema';
import { useChainWrite } from '@/api/useChainWrite';
import { CERTIFICATE_KINDS, splitList, type CertificateKind } from '@/api/certificates';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { OrganizationPicker } from '@/components/OrganizationPicker';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';

type Organization = components['schemas']['Organization'];
type NewRequest = components['schemas']['NewRequest'];
type Requested = components['schemas']['Requested'];
type RequestView = components['schemas']['RequestView'];

export function RequestCertificateForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('certificates');
  const awaitMirror = useAwaitMirror();
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [kind, setKind] = useState<CertificateKind>('course');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [skills, setSkills] = useState('');
  const [evidence, setEvidence] = useState('');

  const send = useChainWrite<NewRequest, Requested>(
    (body, key) => api.POST('/v1/me/certificate-requests', { params: { header: key }, body }),
    {
      onSuccess: (requested) => {
        // "My requests" reads the chain mirror: refetched until the indexer has this request.
        awaitMirror<RequestView[]>(['me', 'certificate-requests'], {
          until: (list) => !!list?.some((r) => r.id === requested.request_id),
        });
        onDone();
      },
    },
  );
  const error = (field: string) => (send.error instanceof ApiProblem ? send.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!organization) return;
    send.mutate({ organization_id: organization.id, kind, title, description, skills: splitList(skills), evidence: splitList(evidence) });
  };

  return (
    <Section header={t('request.header')} footer={t('request.footer')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('request.header')}>
        <OrganizationPicker value={organization} onChange={setOrganization} verifiedOnly />
        <SelectField label={t('fields.kind')} value={kind} onChange={(e) => setKind(e.target.value as CertificateKind)}>
          {CERTIFICATE_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t('fields.title')} value={title} required onChange={(e) => setTitle(e.target.value)} error={error('title')} />
        <TextArea label={t('fields.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={error('description')} />
        <TextField label={t('fields.skills')} value={skills} onChange={(e) => setSkills(e.target.value)} error={error('skills')} />
        <TextField label={t('fields.evidence')} value={evidence} onChange={(e) => setEvidence(e.target.value)} error={error('evidence')} />
        <Button type="submit" size="l" stretched disabled={!organization} loading={send.isPending}>
          {t('request.submit')}
        </Button>
        <ChainPending active={send.onChain} />
        <ProblemText error={send.error} />
      </form>
    </Section>
  );
}
