// Issuing (managers of a verified organization): one certificate to one person, or the same
// certificate to a cohort from a CSV, checked row by row before it is sent.
import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Cell, Placeholder } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { CERTIFICATE_KINDS, type CertificateKind } from '@/api/certificates';
import { ApiProblem } from '@/api/problem';
import type { components } from '@/api/schema';
import { useChainWrite } from '@/api/useChainWrite';
import { SelectField, TextArea, TextField } from '@/components/Field';
import { LinkCell } from '@/components/Links';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { DocumentFields, emptyDocument, toDocument, type DocumentDraft } from '@/screens/organization/DocumentFields';
import { previewBatch } from '@/screens/organization/batchPreview';
import type { Organization } from '@/screens/organization/queries';
import { FilePicker } from '../../components/FilePicker';

type Issued = components['schemas']['IssuedCertificate'];
type IssuedBatch = components['schemas']['IssuedBatch'];

export function IssueTab({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  if (!organization.verified) return <Placeholder header={t('issue.notVerified')} description={t('issue.notVerifiedHint')} />;
  return (
    <>
      <SingleIssue organization={organization} />
      <BatchIssue organization={organization} />
    </>
  );
}

function KindSelect({ value, onChange }: { value: CertificateKind; onChange: (k: CertificateKind) => void }) {
  const { t } = useTranslation('certificates');
  return (
    <SelectField label={t('fields.kind')} value={value} onChange={(e) => onChange(e.target.value as CertificateKind)}>
      {CERTIFICATE_KINDS.filter((k) => k !== 'employment' && k !== 'recommendation').map((k) => (
        <option key={k} value={k}>
          {t(`kinds.${k}`)}
        </option>
      ))}
    </SelectField>
  );
}

function SingleIssue({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const id = organization.id;
  const [holder, setHolder] = useState('');
  const [kind, setKind] = useState<CertificateKind>('course');
  const [draft, setDraft] = useState<DocumentDraft>(emptyDocument);
  const issue = useChainWrite<void, Issued>(
    (_, key) =>
      api.POST('/v1/organizations/{id}/certificates', {
        params: { path: { id }, header: key },
        body: { holder: holder.replace(/^@/, ''), kind, ...toDocument(draft) },
      }),
    { onSuccess: () => setDraft(emptyDocument) },
  );
  const error = (field: string) => (issue.error instanceof ApiProblem ? issue.error.fieldError(field) : undefined);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    issue.mutate();
  };
  return (
    <Section header={t('issue.single')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('issue.single')}>
        <TextField label={t('issue.holder')} value={holder} required autoCapitalize="none" onChange={(e) => setHolder(e.target.value)} error={error('holder')} />
        <KindSelect value={kind} onChange={setKind} />
        <DocumentFields value={draft} onChange={setDraft} error={error} />
        <Button type="submit" size="l" stretched loading={issue.isPending}>
          {t('issue.submit')}
        </Button>
        <ChainPending active={issue.onChain} />
        <ProblemText error={issue.error} />
      </form>
      {issue.data && (
        <LinkCell to={`/certificates/${issue.data.id}`} subhead={t('issue.done')}>
          {t('issue.certificate', { id: issue.data.id })}
        </LinkCell>
      )}
    </Section>
  );
}

function BatchIssue({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const id = organization.id;
  const [csv, setCsv] = useState('');
  const [kind, setKind] = useState<CertificateKind>('course');
  const [draft, setDraft] = useState<DocumentDraft>(emptyDocument);
  // The preview and the text it is of: editing the text asks for a new check.
  const preview = useMutation({ mutationFn: (text: string) => previewBatch(id, text) });
  const issue = useChainWrite<void, IssuedBatch>((_, key) =>
    api.POST('/v1/organizations/{id}/certificates/batch', {
      params: { path: { id }, header: key },
      body: { kind, holders: [], holders_csv: csv, ...toDocument(draft) },
    }),
  );
  const error = (field: string) => (issue.error instanceof ApiProblem ? issue.error.fieldError(field) : undefined);
  const change = (text: string) => {
    setCsv(text);
    preview.reset();
  };
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    const text = await file.text();
    change(text);
    preview.mutate(text);
  };
  const checked = preview.data && preview.variables === csv ? preview.data : undefined;
  const ready = !!checked && checked.problems === 0 && checked.ready > 0;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (ready) issue.mutate();
  };
  return (
    <Section header={t('batch.header')} footer={t('batch.footer')}>
      <form onSubmit={submit} className="stack section-body" aria-label={t('batch.header')}>
        <FilePicker label={t('batch.file')} accept=".csv,text/csv" onFile={(file) => void readFile(file)} />
        <TextArea label={t('batch.csv')} value={csv} rows={5} onChange={(e) => change(e.target.value)} error={error('holders_csv')} />
        <Button type="button" mode="bezeled" disabled={!csv.trim()} loading={preview.isPending} onClick={() => preview.mutate(csv)}>
          {t('batch.check')}
        </Button>
        <ProblemText error={preview.error} />
        {checked && (
          <Section header={t('batch.preview', { count: checked.ready })} footer={checked.problems > 0 ? t('batch.problems', { count: checked.problems }) : undefined}>
            {checked.rows.map((row) => (
              <Cell key={row.line} subhead={t('batch.line', { line: row.line })} after={row.problem ? <span className="status status-revoked">{t(`batch.errors.${row.problem}`)}</span> : undefined}>
                {row.handle || '—'}
              </Cell>
            ))}
          </Section>
        )}
        <KindSelect value={kind} onChange={setKind} />
        <DocumentFields value={draft} onChange={setDraft} error={error} />
        <Button type="submit" size="l" stretched disabled={!ready} loading={issue.isPending}>
          {t('batch.submit')}
        </Button>
        <ChainPending active={issue.onChain} />
        <ProblemText error={issue.error} />
        {issue.data && <p role="status">{t('batch.done', { count: issue.data.certificates.length })}</p>}
      </form>
    </Section>
  );
}
