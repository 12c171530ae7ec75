// The person's wallets: the custodial one the API keeps (create it, export its seed within the
// re-authentication window) and external ones bound by signature through an extension.
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { WalletButton } from '@/auth/WalletButton';

const walletsKey = ['me', 'wallets'];

export function WalletsSection() {
  const { t } = useTranslation('profile');
  const queryClient = useQueryClient();
  const [seed, setSeed] = useState<{ address: string; seed: string } | null>(null);
  const wallets = useQuery({ queryKey: walletsKey, queryFn: async () => unwrap(await api.GET('/v1/me/wallets')) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['me'] });

  const custodial = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/me/wallets/custodial')),
    onSuccess: refresh,
  });
  const unbind = useMutation({
    mutationFn: async (address: string) =>
      unwrap(await api.DELETE('/v1/me/wallets/{address}', { params: { path: { address } } })),
    onSuccess: refresh,
  });
  const exportSeed = useMutation({
    mutationFn: async (address: string) =>
      unwrap(await api.POST('/v1/me/wallets/{address}/export', { params: { path: { address } } })),
    onSuccess: setSeed,
  });

  const list = wallets.data ?? [];
  const hasCustodial = list.some((w) => w.kind === 'custodial');
  return (
    <Section header={t('wallets.header')} footer={t('wallets.footer')}>
      {wallets.isPending && <Loading />}
      {list.map((wallet) => (
        <Cell
          key={wallet.address}
          multiline
          subhead={t(`wallets.kinds.${wallet.kind}`, { defaultValue: wallet.kind })}
          description={<span className="mono">{wallet.address}</span>}
          after={
            wallet.kind === 'custodial' ? (
              <Button size="s" mode="gray" loading={exportSeed.isPending} onClick={() => exportSeed.mutate(wallet.address)}>
                {t('wallets.export')}
              </Button>
            ) : (
              <Button size="s" mode="gray" loading={unbind.isPending && unbind.variables === wallet.address} onClick={() => unbind.mutate(wallet.address)}>
                {t('wallets.unbind')}
              </Button>
            )
          }
        >
          {t('wallets.wallet')}
        </Cell>
      ))}
      {seed && (
        <Cell multiline subhead={t('wallets.seedWarning')} description={<span className="mono">{seed.seed}</span>}>
          {t('wallets.seed')}
        </Cell>
      )}
      <div className="section-body stack">
        {!hasCustodial && !wallets.isPending && (
          <Button mode="bezeled" loading={custodial.isPending} onClick={() => custodial.mutate()}>
            {t('wallets.createCustodial')}
          </Button>
        )}
        <WalletButton purpose="bind" onDone={() => void refresh()} />
        <ProblemText error={wallets.error ?? custodial.error ?? unbind.error ?? exportSeed.error} />
      </div>
    </Section>
  );
}
