// Trusting an organization: what it sends from now on is listed at once instead of arriving
// pending (trust_issuer on chain for each of its issuer accounts); withdrawing is the same call.
import { Button } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { useChainWrite } from '@/api/useChainWrite';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';

export function TrustIssuer({ organizationId }: { organizationId: string }) {
  const { t } = useTranslation('certificates');
  const trust = useChainWrite((trusted: boolean, key) =>
    api.POST('/v1/me/organizations/{id}/trust', { params: { path: { id: organizationId }, header: key }, body: { trusted } }),
  );
  return (
    <div className="section-body stack">
      <div className="row">
        <Button size="s" mode="bezeled" loading={trust.isPending && trust.variables} onClick={() => trust.mutate(true)}>
          {t('trust.trust')}
        </Button>
        <Button size="s" mode="plain" loading={trust.isPending && trust.variables === false} onClick={() => trust.mutate(false)}>
          {t('trust.withdraw')}
        </Button>
      </div>
      {trust.isSuccess && <p role="status">{trust.variables ? t('trust.trusted') : t('trust.withdrawn')}</p>}
      <ChainPending active={trust.onChain} />
      <ProblemText error={trust.error} />
    </div>
  );
}
