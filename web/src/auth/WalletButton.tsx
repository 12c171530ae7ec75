// Sign in with a wallet extension — or, with `purpose="bind"`, bind one to the signed-in account.
// Asks the extension for its accounts, lets the person pick one, then signs the API's challenge.
import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { ProblemText } from '@/components/ProblemText';
import type { SignedIn } from '@/auth/signIn';
import type { WalletAccount } from '@/auth/wallet';
import { hapticFailure, hapticSuccess } from '@/telegram/haptics';

export function WalletButton({ purpose, onDone }: { purpose: 'sign-in' | 'bind'; onDone: (signedIn: SignedIn | null) => void }) {
  const { t } = useTranslation('auth');
  const [accounts, setAccounts] = useState<WalletAccount[] | null>(null);

  const connect = useMutation({
    mutationFn: async () => (await import('@/auth/wallet')).walletAccounts(),
    onSuccess: setAccounts,
  });
  const sign = useMutation({
    mutationFn: async (account: WalletAccount) => (await import('@/auth/wallet')).signWithWallet(account, purpose),
    onSuccess: (signedIn) => {
      hapticSuccess();
      setAccounts(null);
      onDone(signedIn);
    },
    onError: hapticFailure,
  });

  return (
    <div className="stack">
      {!accounts && (
        <Button size="l" stretched mode="bezeled" loading={connect.isPending} onClick={() => connect.mutate()}>
          {purpose === 'bind' ? t('wallet.bind') : t('wallet.signIn')}
        </Button>
      )}
      {accounts && (
        <Section header={t('wallet.pick')}>
          {accounts.map((account) => (
            <Cell
              key={account.address}
              Component="button"
              type="button"
              className="cell-button"
              disabled={sign.isPending}
              subtitle={account.address}
              description={account.meta.source}
              onClick={() => sign.mutate(account)}
            >
              {account.meta.name ?? t('wallet.unnamed')}
            </Cell>
          ))}
        </Section>
      )}
      {sign.isPending && <p role="status">{t('wallet.signing')}</p>}
      <ProblemText error={connect.error ?? sign.error} />
    </div>
  );
}
