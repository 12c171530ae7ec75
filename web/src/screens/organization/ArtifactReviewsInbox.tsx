// Uploads people asked this organization to verify: read the file, then confirm it (a certificate
// whose evidence is the file's hash) or reject it with a reason the owner sees.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { CERTIFICATE_KINDS, type CertificateKind } from '@/api/certificates';
import { ApiProblem, unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { useChainWrite } from '@/api/useChainWrite';
import { SelectField } from '@/components/Field';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { ReasonPrompt } from '@/components/ReasonPrompt';
import { DocumentFields, emptyDocument, toDocument, type DocumentDraft } from '@/screens/organization/DocumentFields';
import type { Organization } from '@/screens/organization/queries';

type ReviewedArtifact = components['schemas']['ReviewedArtifact'];

/** The file needs the session, so it is fetched and opened as a local object URL. */
async function openFile(artifactId: string): Promise<void> {
  const { data, error, response } = await api.GET('/v1/artifacts/{id}/file', { params: { path: { id: artifactId } }, parseAs: 'blob' });
  if (!data) throw new ApiProblem(response.status, error);
  const url = URL.createObjectURL(data as Blob);
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ArtifactReviewsInbox({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const id = organization.id;
  const key = ['organizations', id, 'artifact-reviews'];
  const reviews = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/artifact-reviews', { params: { path: { id } } })) });
  const open = useMutation({ mutationFn: openFile });
  const list = reviews.data ?? [];
  return (
    <Section header={t('inbox.artifacts')} footer={list.length === 0 ? t('inbox.empty') : undefined}>
      {list.map((item) => (
        <ArtifactReview key={item.review.id} organizationId={id} item={item} onOpen={() => open.mutate(item.artifact.id)} />
      ))}
      <ProblemText error={reviews.error ?? open.error} />
    </Section>
  );
}

function ArtifactReview({ organizationId, item, onOpen }: { organizationId: string; item: ReviewedArtifact; onOpen: () => void }) {
  const { t } = useTranslation('organization');
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'idle' | 'confirm' | 'reject'>('idle');
  const [kind, setKind] = useState<CertificateKind>('diploma');
  const [draft, setDraft] = useState<DocumentDraft>({ ...emptyDocument, title: item.artifact.title });
  const review = item.review.id;
  const refresh = () => {
    setMode('idle');
    void queryClient.invalidateQueries({ queryKey: ['organizations', organizationId, 'artifact-reviews'] });
  };
  const confirm = useChainWrite(
    (_: void, key) =>
      api.POST('/v1/organizations/{id}/artifact-reviews/{review}/confirm', {
        params: { path: { id: organizationId, review }, header: key },
        body: { kind, ...toDocument(draft) },
      }),
    { onSuccess: refresh },
  );
  const reject = useMutation({
    mutationFn: async (reason: string) =>
      unwrap(await api.POST('/v1/organizations/{id}/artifact-reviews/{review}/reject', { params: { path: { id: organizationId, review } }, body: { reason } })),
    onSuccess: refresh,
  });
  const error = (field: string) => (confirm.error instanceof ApiProblem ? confirm.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    confirm.mutate();
  };
  return (
    <div>
      <Cell
        multiline
        subhead={item.review.note ?? undefined}
        description={`${item.artifact.media_type} · ${Math.ceil(item.artifact.size_bytes / 1024)} KB · ${t(`inbox.states.${item.review.status}`, { defaultValue: item.review.status })}`}
        after={
          <div className="row">
            <Button size="s" mode="gray" onClick={onOpen}>
              {t('inbox.openFile')}
            </Button>
            {item.review.status === 'pending' && mode === 'idle' && (
              <>
                <Button size="s" onClick={() => setMode('confirm')}>
                  {t('inbox.confirm')}
                </Button>
                <Button size="s" mode="gray" onClick={() => setMode('reject')}>
                  {t('inbox.reject')}
                </Button>
              </>
            )}
          </div>
        }
      >
        {item.artifact.title}
      </Cell>
      {mode === 'confirm' && (
        <form onSubmit={submit} className="stack section-body" aria-label={t('inbox.confirm')}>
          <SelectField label={t('fields.kind', { ns: 'certificates' })} value={kind} onChange={(e) => setKind(e.target.value as CertificateKind)}>
            {CERTIFICATE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`, { ns: 'certificates' })}
              </option>
            ))}
          </SelectField>
          <DocumentFields value={draft} onChange={setDraft} error={error} />
          <div className="row">
            <Button type="submit" loading={confirm.isPending}>
              {t('inbox.confirm')}
            </Button>
            <Button type="button" mode="plain" onClick={() => setMode('idle')}>
              {t('cancel', { ns: 'common' })}
            </Button>
          </div>
          <ChainPending active={confirm.onChain} />
          <ProblemText error={confirm.error} />
        </form>
      )}
      {mode === 'reject' && (
        <ReasonPrompt label={t('inbox.reason')} submit={t('inbox.reject')} loading={reject.isPending} onSubmit={(reason) => reject.mutate(reason)} onCancel={() => setMode('idle')} />
      )}
      <ProblemText error={reject.error} />
    </div>
  );
}
