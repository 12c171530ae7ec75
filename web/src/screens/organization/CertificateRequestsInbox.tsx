// Requests people sent for a certificate: approve (the registry issues it exactly as asked) or
// reject. Both are chain writes; the registry keeps only a reason code for a rejection, and the
// apps define none yet, so it is sent as 0 (unspecified) rather than asking for words it drops.
import { useQuery } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { useAwaitMirror } from '@/api/mirror';
import { unwrap } from '@/api/problem';
import { useChainWrite } from '@/api/useChainWrite';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import type { Organization } from '@/screens/organization/queries';

export function CertificateRequestsInbox({ organization }: { organization: Organization }) {
  const { t, i18n } = useTranslation('organization');
  const id = organization.id;
  const awaitMirror = useAwaitMirror();
  const key = ['organizations', id, 'certificate-requests'];
  const requests = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/certificate-requests', { params: { path: { id } } })) });
  // The requests are the chain mirror's: refetched until the indexer has the decision.
  const refresh = (_: unknown, request: number) =>
    awaitMirror<typeof requests.data>(key, { until: (list) => list?.find((r) => r.id === request)?.state !== 'pending' });
  const approve = useChainWrite((request: number, key) => api.POST('/v1/organizations/{id}/certificate-requests/{request}/approve', { params: { path: { id, request }, header: key } }), { onSuccess: refresh });
  const reject = useChainWrite(
    (request: number, key) =>
      api.POST('/v1/organizations/{id}/certificate-requests/{request}/reject', { params: { path: { id, request }, header: key }, body: { reason_code: 0 } }),
    { onSuccess: refresh },
  );
  const list = requests.data ?? [];
  return (
    <Section header={t('inbox.requests')} footer={list.length === 0 ? t('inbox.empty') : undefined}>
      {list.map((r) => (
        <div key={r.id}>
          <Cell
            multiline
            subhead={`@${r.holder_handle ?? '?'} · ${new Date(r.created_at).toLocaleDateString(i18n.language)}`}
            description={t(`inbox.states.${r.state}`, { defaultValue: r.state })}
            after={
              r.state === 'pending' ? (
                <div className="row">
                  <Button size="s" loading={approve.isPending && approve.variables === r.id} onClick={() => approve.mutate(r.id)}>
                    {t('inbox.approve')}
                  </Button>
                  <Button size="s" mode="gray" loading={reject.isPending && reject.variables === r.id} onClick={() => reject.mutate(r.id)}>
                    {t('inbox.reject')}
                  </Button>
                </div>
              ) : undefined
            }
          >
            {r.title ?? t(`kinds.${r.kind}`, { ns: 'certificates', defaultValue: r.kind })}
          </Cell>
        </div>
      ))}
      <ChainPending active={approve.onChain || reject.onChain} />
      <ProblemText error={requests.error ?? approve.error ?? reject.error} />
    </Section>
  );
}
