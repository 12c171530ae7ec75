// What the organization is, whether it is a verified issuer, its public keys and revocation list,
// its wallets; admins ask for verification here.
import { Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { OrganizationWallets } from '@/screens/organization/OrganizationWallets';
import { VerificationSection } from '@/screens/organization/VerificationSection';
import { useMyRole, type Organization } from '@/screens/organization/queries';

export function OverviewTab({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const { role, isAdmin } = useMyRole(organization.id);
  const base = `${window.location.origin}/v1/organizations/${organization.id}`;
  return (
    <>
      <Section>
        <Cell subhead={t('create.kind')}>{t(`kinds.${organization.kind}`)}</Cell>
        <Cell subhead={t('status')}>{organization.verified ? t('verified') : t('notVerified')}</Cell>
        {organization.website && (
          <Cell subhead={t('create.website')}>
            <a href={organization.website} target="_blank" rel="noreferrer">
              {organization.website}
            </a>
          </Cell>
        )}
        {organization.issuer_address && (
          <Cell subhead={t('issuerAddress')} multiline>
            <span className="mono">{organization.issuer_address}</span>
          </Cell>
        )}
        {role && <Cell subhead={t('myRole')}>{t(`roles.${role}`)}</Cell>}
      </Section>
      <Section header={t('keys.header')} footer={t('keys.footer')}>
        <Cell subhead="JWKS" multiline>
          <a href={`${base}/jwks`} target="_blank" rel="noreferrer" className="mono">{`${base}/jwks`}</a>
        </Cell>
        <Cell subhead={t('keys.statusList')} multiline>
          <a href={`${base}/status-lists/revocation`} target="_blank" rel="noreferrer" className="mono">{`${base}/status-lists/revocation`}</a>
        </Cell>
      </Section>
      {role && <OrganizationWallets organization={organization} canCreate={isAdmin} />}
      {role && <VerificationSection organization={organization} canAsk={isAdmin} />}
    </>
  );
}

