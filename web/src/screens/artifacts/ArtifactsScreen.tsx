// My uploads (a diploma scan, a PDF): each reads "unverified" until a verified organization I
// asked confirms it (it then issues a certificate whose evidence is the file's hash) or rejects it.
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { ApiProblem, unwrap } from '@/api/problem';
import type { components } from '@/api/schema';
import { TextField } from '@/components/Field';
import { LinkCell } from '@/components/Links';
import { OrganizationPicker } from '@/components/OrganizationPicker';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { FilePicker } from '../../components/FilePicker';

type Artifact = components['schemas']['Artifact'];
type Organization = components['schemas']['Organization'];
const key = ['me', 'artifacts'];

export function ArtifactsScreen() {
  const { t } = useTranslation('artifacts');
  const artifacts = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/me/artifacts')) });
  return (
    <Page title={t('title')}>
      <UploadForm />
      {artifacts.isPending && <Loading />}
      <ProblemText error={artifacts.error} />
      {artifacts.data?.map((a) => <ArtifactItem key={a.id} artifact={a} />)}
    </Page>
  );
}

function UploadForm() {
  const { t } = useTranslation('artifacts');
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [file, setFile] = useState<File | null>(null);
  // Bumped after an upload: a new picker, so it no longer shows the sent file's name (nor keeps
  // the input's value, which would swallow picking the same file again).
  const [picker, setPicker] = useState(0);
  const upload = useMutation({
    mutationFn: async () => {
      if (!file) throw new ApiProblem(422, undefined);
      // The raw file is the body, its type the Content-Type (the API checks the leading bytes).
      return unwrap(
        await api.POST('/v1/me/artifacts', {
          params: { query: { title } },
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { 'Content-Type': file.type || 'application/octet-stream' },
        }),
      );
    },
    onSuccess: () => {
      setTitle('');
      setFile(null);
      setPicker((n) => n + 1);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    upload.mutate();
  };
  return (
    <Section header={t('upload.header')} footer={t('upload.footer')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('upload.header')}>
        <TextField label={t('upload.title')} value={title} required onChange={(e) => setTitle(e.target.value)} error={upload.error instanceof ApiProblem ? upload.error.fieldError('title') : undefined} />
        <FilePicker key={picker} label={t('upload.file')} accept="application/pdf,image/png,image/jpeg" required onFile={(file) => setFile(file ?? null)} />
        <Button type="submit" loading={upload.isPending} disabled={!file}>
          {t('upload.submit')}
        </Button>
        <ProblemText error={upload.error} />
      </form>
    </Section>
  );
}

function ArtifactItem({ artifact }: { artifact: Artifact }) {
  const { t, i18n } = useTranslation('artifacts');
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [organization, setOrganization] = useState<Organization | null>(null);
  const [note, setNote] = useState('');
  const ask = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/v1/me/artifacts/{id}/reviews', { params: { path: { id: artifact.id } }, body: { organization_id: organization?.id ?? '', note: note || null } })),
    onSuccess: () => {
      setAsking(false);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    ask.mutate();
  };
  return (
    <Section header={artifact.title}>
      <Cell multiline subhead={t(`labels.${artifact.label}`, { defaultValue: artifact.label })} description={`${artifact.media_type} · ${Math.ceil(artifact.size_bytes / 1024)} KB · ${new Date(artifact.created_at).toLocaleDateString(i18n.language)}`}>
        <span className="mono">sha256 {artifact.content_hash}</span>
      </Cell>
      {artifact.reviews.map((review) =>
        review.certificate_id ? (
          <LinkCell key={review.id} to={`/certificates/${review.certificate_id}`} subhead={review.organization_name} description={t('reviews.certificate', { id: review.certificate_id })}>
            {t(`reviews.states.${review.status}`, { defaultValue: review.status })}
          </LinkCell>
        ) : (
          <Cell key={review.id} multiline subhead={review.organization_name} description={review.reason ?? undefined}>
            {t(`reviews.states.${review.status}`, { defaultValue: review.status })}
          </Cell>
        ),
      )}
      {!asking && (
        <div className="section-body">
          <Button size="s" mode="bezeled" onClick={() => setAsking(true)}>
            {t('reviews.ask')}
          </Button>
        </div>
      )}
      {asking && (
        <form onSubmit={submit} className="stack section-body" aria-label={t('reviews.ask')}>
          <OrganizationPicker value={organization} onChange={setOrganization} verifiedOnly />
          <TextField label={t('reviews.note')} value={note} onChange={(e) => setNote(e.target.value)} />
          <div className="row">
            <Button type="submit" disabled={!organization} loading={ask.isPending}>
              {t('reviews.send')}
            </Button>
            <Button type="button" mode="plain" onClick={() => setAsking(false)}>
              {t('cancel', { ns: 'common' })}
            </Button>
          </div>
        </form>
      )}
      <ProblemText error={ask.error} />
    </Section>
  );
}
