// Shown when the API answers 403 reauthentication-required: sign in again with the operator
// wallet (a fresh wallet session), then retry.
import { Section } from '@/components/Section';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '@/api/problem';
import { WalletButton } from '@/auth/WalletButton';

export function needsReauthentication(error: unknown): boolean {
  return error instanceof ApiProblem && error.slug === 'reauthentication-required';
}

export function Reauthenticate({ error }: { error: unknown }) {
  const { t } = useTranslation('operator');
  const queryClient = useQueryClient();
  if (!needsReauthentication(error)) return null;
  return (
    <Section header={t('reauth.header')} footer={t('reauth.footer')}>
      <div className="section-body">
        <WalletButton purpose="sign-in" onDone={() => void queryClient.invalidateQueries()} />
      </div>
    </Section>
  );
}
