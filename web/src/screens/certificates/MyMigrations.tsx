// My requests to move certificates between my wallets: the destination wallet accepts first
// (signed on chain), then the issuer approves.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { useChainWrite } from '@/api/useChainWrite';
import { ChainPending } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { Section } from '@/components/Section';

const key = ['me', 'migrations'];
const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;

export function MyMigrations() {
  const { t } = useTranslation('certificates');
  const queryClient = useQueryClient();
  const migrations = useQuery({ queryKey: key, queryFn: async () => unwrap(await api.GET('/v1/me/migrations')) });
  const accept = useChainWrite(
    (migration: number, idempotency) => api.POST('/v1/me/migrations/{migration}/accept', { params: { path: { migration }, header: idempotency } }),
    { onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }) },
  );
  const list = migrations.data ?? [];
  if (list.length === 0) return <ProblemText error={migrations.error} />;
  return (
    <Section header={t('migration.mine')}>
      {list.map((m) => (
        <Cell
          key={m.id}
          multiline
          subhead={m.organization_name ?? undefined}
          description={`${short(m.from)} → ${short(m.to)} · ${t(`migration.states.${m.state}`, { defaultValue: m.state })}`}
          after={
            m.state === 'requested' || m.state === 'pending' ? (
              <Button size="s" loading={accept.isPending && accept.variables === m.id} onClick={() => accept.mutate(m.id)}>
                {t('migration.accept')}
              </Button>
            ) : undefined
          }
        >
          {m.certificate_id ? t('untitled', { id: m.certificate_id }) : t('migration.all')}
        </Cell>
      ))}
      <ChainPending active={accept.onChain} />
      <ProblemText error={migrations.error ?? accept.error} />
    </Section>
  );
}
