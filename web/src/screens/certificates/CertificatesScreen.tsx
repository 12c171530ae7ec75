// Everything the person holds, newest first, with status; and asking an organization for one.
import { useState } from 'react';
import { Button, Placeholder } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { LinkCell } from '@/components/Links';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { RequestCertificateForm } from '@/screens/certificates/RequestCertificateForm';
import { MyMigrations } from '@/screens/certificates/MyMigrations';
import { MyRequests } from '@/screens/certificates/MyRequests';
import { PlacementChip, StatusChip } from '@/screens/certificates/StatusChip';
import { useMyCertificates } from '@/screens/certificates/queries';

export function CertificatesScreen() {
  const { t, i18n } = useTranslation('certificates');
  const certificates = useMyCertificates();
  const [asking, setAsking] = useState(false);
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);

  return (
    <Page
      title={t('title')}
      actions={
        <Button size="s" mode={asking ? 'gray' : 'filled'} onClick={() => setAsking(!asking)}>
          {asking ? t('request.close') : t('request.open')}
        </Button>
      }
    >
      {asking && <RequestCertificateForm onDone={() => setAsking(false)} />}
      {certificates.isPending && <Loading />}
      <ProblemText error={certificates.error} />
      {certificates.data?.length === 0 && <Placeholder header={t('empty.header')} description={t('empty.description')} />}
      {certificates.data && certificates.data.length > 0 && (
        <Section>
          {certificates.data.map((c) => (
            <LinkCell
              key={c.id}
              to={`/certificates/${c.id}`}
              multiline
              subhead={t(`kinds.${c.kind}`, { defaultValue: c.kind })}
              subtitle={c.issuer_name ?? undefined}
              description={
                <span className="row">
                  <StatusChip status={c.status} />
                  <PlacementChip placement={c.placement} />
                  <span>{date(c.issued_at)}</span>
                </span>
              }
            >
              {c.title ?? t('untitled', { id: c.id })}
            </LinkCell>
          ))}
        </Section>
      )}
      <MyRequests />
      <MyMigrations />
      <Section>
        <LinkCell to="/artifacts">{t('artifactsLink')}</LinkCell>
      </Section>
    </Page>
  );
}
