// A certificate from an issuer the person has no relationship with arrives pending: accept it
// into the list (it then shows on the profile) or hide it. Both are signed on chain.
import { useQueryClient } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { awaitMirror } from '@/api/mirror';
import { useChainWrite } from '@/api/useChainWrite';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { TrustIssuer } from '@/screens/certificates/TrustIssuer';

export function PlacementActions({ id, placement, organizationId }: { id: number; placement: string; organizationId?: string | null }) {
  const { t } = useTranslation('certificates');
  const queryClient = useQueryClient();
  // The write is final before the indexer mirrors it: refetch until the mirror shows it, or the
  // button would stay for a certificate already accepted.
  const refresh = () => {
    void awaitMirror(queryClient, ['certificates', id]);
    void awaitMirror(queryClient, ['me', 'certificates']);
  };
  const accept = useChainWrite((_: void, key) => api.POST('/v1/me/certificates/{id}/accept', { params: { path: { id }, header: key } }), { onSuccess: refresh });
  const hide = useChainWrite((_: void, key) => api.POST('/v1/me/certificates/{id}/hide', { params: { path: { id }, header: key } }), { onSuccess: refresh });
  if (placement === 'hidden' && !hide.isSuccess) {
    return (
      <Section header={t('placement.header')} footer={t('placement.hiddenFooter')}>
        <div className="section-body row">
          <Button size="s" loading={accept.isPending} onClick={() => accept.mutate()}>
            {t('placement.show')}
          </Button>
        </div>
        <ChainPending active={accept.onChain} />
        <ProblemText error={accept.error} />
      </Section>
    );
  }
  if (placement !== 'pending') return null;
  return (
    <Section header={t('placement.header')} footer={t('placement.pendingFooter')}>
      <div className="section-body row">
        <Button size="s" loading={accept.isPending} onClick={() => accept.mutate()}>
          {t('placement.accept')}
        </Button>
        <Button size="s" mode="gray" loading={hide.isPending} onClick={() => hide.mutate()}>
          {t('placement.hide')}
        </Button>
      </div>
      <ChainPending active={accept.onChain || hide.onChain} />
      <ProblemText error={accept.error ?? hide.error} />
      {organizationId && <TrustIssuer organizationId={organizationId} />}
    </Section>
  );
}
