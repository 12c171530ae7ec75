// Every registered issuer account: suspend one (it can sign nothing the registry accepts while
// suspended; what it issued shows "issuer suspended") with a reason, or reinstate it.
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
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

const key = ['issuers'];

/** The issuers page: kept in one function so the screen does not care how the list is read. */
async function fetchIssuers(cursor: string | undefined) {
  return unwrap(await api.GET('/v1/issuers', { params: { query: { cursor } } }));
}

export function IssuersTab() {
  const { t, i18n } = useTranslation('operator');
  const queryClient = useQueryClient();
  const issuers = useCursorList(key, fetchIssuers);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const [suspending, setSuspending] = useState<string | null>(null);
  const suspend = useChainWrite(
    ({ account, reason }: { account: string; reason: string }) => api.POST('/v1/issuers/{account}/suspend', { params: { path: { account } }, body: { reason } }),
    { onSuccess: () => { setSuspending(null); refresh(); } },
  );
  const reinstate = useChainWrite((account: string) => api.POST('/v1/issuers/{account}/reinstate', { params: { path: { account } } }), { onSuccess: refresh });
  const error = issuers.error ?? suspend.error ?? reinstate.error;
  const date = (iso: string) => new Date(iso).toLocaleDateString(i18n.language);
  return (
    <>
      <Reauthenticate error={error} />
      <Section header={t('issuers.header')}>
        {issuers.isPending && <Loading />}
        {issuers.items.map((issuer) => (
          <div key={issuer.account}>
            <Cell
              multiline
              subhead={issuer.organization_name ?? issuer.organization_id}
              description={
                <span className="stack">
                  <span className="mono">{issuer.account}</span>
                  <span>
                    {t('issuers.registered', { date: date(issuer.registered_at) })}
                    {issuer.retired_at && ` · ${t('issuers.retired', { date: date(issuer.retired_at) })}`}
                    {issuer.suspended_at && ` · ${t('issuers.suspended', { reason: issuer.suspension_reason ?? '' })}`}
                  </span>
                </span>
              }
              after={
                issuer.retired_at ? undefined : issuer.suspended_at ? (
                  <Button size="s" loading={reinstate.isPending && reinstate.variables === issuer.account} onClick={() => reinstate.mutate(issuer.account)}>
                    {t('issuers.reinstate')}
                  </Button>
                ) : (
                  <Button size="s" mode="gray" onClick={() => setSuspending(issuer.account)}>
                    {t('issuers.suspend')}
                  </Button>
                )
              }
            >
              {issuer.suspended_at ? t('issuers.stateSuspended') : issuer.retired_at ? t('issuers.stateRetired') : t('issuers.stateActive')}
            </Cell>
            {suspending === issuer.account && (
              <ReasonPrompt label={t('issuers.reason')} submit={t('issuers.suspend')} loading={suspend.isPending} onSubmit={(reason) => suspend.mutate({ account: issuer.account, reason })} onCancel={() => setSuspending(null)} />
            )}
          </div>
        ))}
        <LoadMore hasMore={!!issuers.hasNextPage} loading={issuers.isFetchingNextPage} onMore={() => void issuers.fetchNextPage()} />
        <ChainPending active={suspend.onChain || reinstate.onChain} />
        <ProblemText error={error} />
      </Section>
    </>
  );
}
