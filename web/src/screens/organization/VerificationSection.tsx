// Becoming a verified issuer: an admin asks with the organization's web domain and evidence
// documents (a URL and the SHA-256 of what is there); an operator decides. Optionally the
// organization issues from one of the admin's own bound wallets instead of a custodial one.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import { TextField } from '@/components/Field';
import { ProblemText } from '@/components/ProblemText';
import type { Organization } from '@/screens/organization/queries';
import { FilePicker } from '../../components/FilePicker';

/** SHA-256 of a local file, hex: the evidence's hash without uploading it. */
async function sha256(file: File): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function VerificationSection({ organization, canAsk }: { organization: Organization; canAsk: boolean }) {
  const { t, i18n } = useTranslation('organization');
  const queryClient = useQueryClient();
  const id = organization.id;
  const key = ['organizations', id, 'verification'];
  const requests = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/verification', { params: { path: { id } } })) });
  const [domain, setDomain] = useState('');
  const [url, setUrl] = useState('');
  const [hash, setHash] = useState('');
  const [issuer, setIssuer] = useState('');
  const ask = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/v1/organizations/{id}/verification', {
          params: { path: { id } },
          body: { web_domain: domain, documents: url ? [{ url, sha256: hash }] : [], issuer_address: issuer || null },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const error = (field: string) => (ask.error instanceof ApiProblem ? ask.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  const pending = requests.data?.some((r) => r.status === 'pending');
  return (
    <Section header={t('verification.header')} footer={t('verification.footer')}>
      {requests.data?.map((r) => (
        <Cell key={r.id} multiline subhead={new Date(r.created_at).toLocaleDateString(i18n.language)} description={r.reason ?? undefined} after={t(`verification.states.${r.status}`, { defaultValue: r.status })}>
          {r.web_domain}
        </Cell>
      ))}
      {canAsk && !organization.verified && !pending && (
        <form onSubmit={submit} className="stack section-body" aria-label={t('verification.ask')}>
          <TextField label={t('verification.domain')} value={domain} required placeholder="example.com" onChange={(e) => setDomain(e.target.value)} error={error('web_domain')} />
          <TextField label={t('verification.documentUrl')} type="url" value={url} onChange={(e) => setUrl(e.target.value)} error={error('documents[0].url')} />
          <FilePicker label={t('verification.documentFile')} onFile={(file) => { if (file) void sha256(file).then(setHash); }} />
          <TextField label={t('verification.documentHash')} value={hash} onChange={(e) => setHash(e.target.value)} error={error('documents[0].sha256')} />
          <TextField label={t('verification.issuerAddress')} value={issuer} onChange={(e) => setIssuer(e.target.value)} error={error('issuer_address')} />
          <Button type="submit" loading={ask.isPending}>
            {t('verification.ask')}
          </Button>
        </form>
      )}
      <ProblemText error={requests.error ?? ask.error} />
    </Section>
  );
}
