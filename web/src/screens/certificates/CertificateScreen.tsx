// One certificate as its holder sees it: verified state from the chain mirror (GET /v1/verify/{id}),
// its issuer, document hash and supersede chain, and what the holder can do with it.
import { Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { LinkCell } from '@/components/Links';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { CredentialSection } from '@/screens/certificates/CredentialSection';
import { MigrationSection } from '@/screens/certificates/MigrationSection';
import { PlacementActions } from '@/screens/certificates/PlacementActions';
import { ShareSection } from '@/screens/certificates/ShareSection';
import { PlacementChip, StatusChip } from '@/screens/certificates/StatusChip';
import { TenureSection } from '@/screens/certificates/TenureSection';
import { publicUrl, useMyCertificates, useVerification } from '@/screens/certificates/queries';
import { NotFoundScreen } from '@/screens/NotFoundScreen';

/** The credential's own name (Open Badges: credential name or the achievement's). */
function documentTitle(document: unknown): string | undefined {
  const d = document as { name?: unknown; credentialSubject?: { achievement?: { name?: unknown } } } | null;
  const name = d?.name ?? d?.credentialSubject?.achievement?.name;
  return typeof name === 'string' ? name : undefined;
}

export function CertificateScreen() {
  const { id: param } = useParams();
  const id = Number(param);
  if (!Number.isSafeInteger(id) || id < 0) return <NotFoundScreen />;
  return <Certificate id={id} />;
}

function Certificate({ id }: { id: number }) {
  const { t, i18n } = useTranslation('certificates');
  const verification = useVerification(id);
  const held = useMyCertificates().data?.find((c) => c.id === id);
  const date = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString(i18n.language) : undefined);
  const v = verification.data;
  const title = held?.title ?? documentTitle(v?.document) ?? t('untitled', { id });

  return (
    <Page title={title}>
      {verification.isPending && <Loading />}
      <ProblemText error={verification.error} />
      {v && (
        <>
          <Section>
            <Cell subhead={t('fields.status')} multiline>
              <span className="row">
                <StatusChip status={v.status} reason={v.revocation_reason} />
                <PlacementChip placement={v.placement} />
              </span>
            </Cell>
            <Cell subhead={t('fields.kind')}>{t(`kinds.${v.kind}`, { defaultValue: v.kind })}</Cell>
            <Cell subhead={t('fields.issuer')} multiline description={<span className="mono">{v.issuer.address}</span>} after={v.issuer.verified ? t('issuerVerified') : t('issuerNotVerified')}>
              {v.issuer.organization_name ?? t('unknownIssuer')}
            </Cell>
            <Cell subhead={t('fields.holder')} multiline description={<span className="mono">{v.holder.address}</span>}>
              {v.holder.handle ? `@${v.holder.handle}` : t('unknownHolder')}
            </Cell>
            <Cell subhead={t('fields.issuedAt')}>{date(v.issued_at)}</Cell>
            {v.expires_at && <Cell subhead={t('fields.expiresAt')}>{date(v.expires_at)}</Cell>}
            {v.revoked_at && <Cell subhead={t('fields.revokedAt')}>{date(v.revoked_at)}</Cell>}
            <Cell subhead={t('fields.hash')} multiline>
              <span className="mono">{v.content_hash}</span>
            </Cell>
          </Section>
          {(v.supersedes.length > 0 || v.superseded_by.length > 0) && (
            <Section header={t('chain.header')}>
              {v.supersedes.map((other) => (
                <LinkCell key={`s${other}`} to={`/certificates/${other}`} subhead={t('chain.supersedes')}>
                  {t('untitled', { id: other })}
                </LinkCell>
              ))}
              {v.superseded_by.map((other) => (
                <LinkCell key={`b${other}`} to={`/certificates/${other}`} subhead={t('chain.supersededBy')}>
                  {t('untitled', { id: other })}
                </LinkCell>
              ))}
            </Section>
          )}
          <PlacementActions id={id} placement={v.placement} organizationId={v.issuer.organization_id} />
          <ShareSection url={publicUrl(id)} title={title} />
          {v.kind === 'employment' && <TenureSection certificate={v} />}
          <CredentialSection id={id} />
          <MigrationSection certificate={v} />
        </>
      )}
    </Page>
  );
}
