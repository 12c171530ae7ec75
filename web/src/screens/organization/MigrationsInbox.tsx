// Requests to move certificates to another of a holder's wallets: approve once the destination
// accepted (the API refuses when the two wallets are not one person's), or reject.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { useChainWrite } from '@/api/useChainWrite';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import type { Organization } from '@/screens/organization/queries';

// States after which nothing is left to decide (the mirror's words).
const FINAL = new Set(['approved', 'rejected', 'cancelled', 'moved']);

const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

export function MigrationsInbox({ organization }: { organization: Organization }) {
  const { t } = useTranslation('organization');
  const id = organization.id;
  const queryClient = useQueryClient();
  const key = ['organizations', id, 'migrations'];
  const migrations = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/organizations/{id}/migrations', { params: { path: { id } } })) });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const approve = useChainWrite((migration: number, key) => api.POST('/v1/organizations/{id}/migrations/{migration}/approve', { params: { path: { id, migration }, header: key } }), { onSuccess: refresh });
  const reject = useChainWrite((migration: number, key) => api.POST('/v1/organizations/{id}/migrations/{migration}/reject', { params: { path: { id, migration }, header: key } }), { onSuccess: refresh });
  const list = migrations.data ?? [];
  if (list.length === 0 && !migrations.error) return null;
  return (
    <Section header={t('inbox.migrations')}>
      {list.map((m) => (
        <Cell
          key={m.id}
          multiline
          subhead={`@${m.holder_handle ?? '?'}`}
          description={`${short(m.from)} → ${short(m.to)} · ${m.same_person ? t('inbox.samePerson') : t('inbox.notSamePerson')} · ${t(`inbox.states.${m.state}`, { defaultValue: m.state })}`}
          after={
            !FINAL.has(m.state) ? (
              <div className="row">
                <Button size="s" loading={approve.isPending && approve.variables === m.id} onClick={() => approve.mutate(m.id)}>
                  {t('inbox.approve')}
                </Button>
                <Button size="s" mode="gray" loading={reject.isPending && reject.variables === m.id} onClick={() => reject.mutate(m.id)}>
                  {t('inbox.reject')}
                </Button>
              </div>
            ) : undefined
          }
        >
          {m.certificate_id ? t('issue.certificate', { id: m.certificate_id }) : t('inbox.allCertificates')}
        </Cell>
      ))}
      <ChainPending active={approve.onChain || reject.onChain} />
      <ProblemText error={migrations.error ?? approve.error ?? reject.error} />
    </Section>
  );
}
