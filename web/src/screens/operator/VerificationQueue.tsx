// Verification requests waiting for a decision, oldest first: approve (registers the
// organization's wallet as an issuer on chain) or reject with a reason the organization reads.
import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { useCursorList } from '@/api/pages';
import { unwrap } from '@/api/problem';
import { useChainWrite } from '@/api/useChainWrite';
import { LoadMore } from '@/components/LoadMore';
import { ChainPending, Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { ReasonPrompt } from '@/components/ReasonPrompt';
import { Reauthenticate } from '@/screens/operator/Reauthenticate';

const key = ['verification-requests'];

export function VerificationQueue() {
  const { t, i18n } = useTranslation('operator');
  const queryClient = useQueryClient();
  const queue = useCursorList(key, async (cursor) => unwrap(await api.GET('/v1/verification-requests', { params: { query: { cursor } } })));
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const [rejecting, setRejecting] = useState<string | null>(null);
  const approve = useChainWrite((id: string) => api.POST('/v1/verification-requests/{id}/approve', { params: { path: { id } } }), { onSuccess: refresh });
  const reject = useMutation({
    mutationFn: async ({ id, reason }: { id: string; reason: string }) =>
      unwrap(await api.POST('/v1/verification-requests/{id}/reject', { params: { path: { id } }, body: { reason } })),
    onSuccess: () => {
      setRejecting(null);
      refresh();
    },
  });
  const error = queue.error ?? approve.error ?? reject.error;
  return (
    <>
      <Reauthenticate error={error} />
      <Section header={t('queue.header')} footer={queue.isSuccess && queue.items.length === 0 ? t('queue.empty') : undefined}>
        {queue.isPending && <Loading />}
        {queue.items.map((r) => (
          <div key={r.id}>
            <Cell
              multiline
              subhead={new Date(r.created_at).toLocaleString(i18n.language)}
              description={
                <span className="stack">
                  {r.documents.map((d) => (
                    <a key={d.url} href={d.url} target="_blank" rel="noreferrer">
                      {d.url} <span className="mono">sha256 {d.sha256}</span>
                    </a>
                  ))}
                  {r.issuer_address && <span className="mono">{t('queue.ownWallet', { address: r.issuer_address })}</span>}
                </span>
              }
              after={
                <div className="row">
                  <Button size="s" loading={approve.isPending && approve.variables === r.id} onClick={() => approve.mutate(r.id)}>
                    {t('queue.approve')}
                  </Button>
                  <Button size="s" mode="gray" onClick={() => setRejecting(r.id)}>
                    {t('queue.reject')}
                  </Button>
                </div>
              }
            >
              {r.web_domain}
            </Cell>
            {rejecting === r.id && (
              <ReasonPrompt label={t('queue.reason')} submit={t('queue.reject')} loading={reject.isPending} onSubmit={(reason) => reject.mutate({ id: r.id, reason })} onCancel={() => setRejecting(null)} />
            )}
          </div>
        ))}
        <LoadMore hasMore={!!queue.hasNextPage} loading={queue.isFetchingNextPage} onMore={() => void queue.fetchNextPage()} />
        <ChainPending active={approve.onChain} />
        <ProblemText error={error} />
      </Section>
    </>
  );
}
