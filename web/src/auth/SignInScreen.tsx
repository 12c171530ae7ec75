// Sign in: inside Telegram this happens by itself (initData); in a browser with VK ID or a wallet.
import { useEffect } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { Page } from '@/components/Page';
import { ProblemText } from '@/components/ProblemText';
import { landingAfterSignIn } from '@/auth/afterSignIn';
import { useSession } from '@/auth/session';
import { signInWithTelegram, startVk, type SignedIn } from '@/auth/signIn';
import { WalletButton } from '@/auth/WalletButton';
import { rawInitData } from '@/telegram/launch';
import { LanguageSwitch } from '@/app/LanguageSwitch';

export function SignInScreen() {
  const { t } = useTranslation('auth');
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const initData = rawInitData();

  const land = (signedIn: SignedIn | null) => {
    if (signedIn) void navigate(landingAfterSignIn(signedIn, next), { replace: true });
  };

  const telegram = useMutation({ mutationFn: signInWithTelegram, onSuccess: land });
  const vk = useMutation({ mutationFn: startVk });

  // Telegram: sign in at once with the initData the Mini App was opened with.
  const { mutate: signInTelegram, isIdle } = telegram;
  useEffect(() => {
    if (initData && !session && isIdle) signInTelegram(initData);
  }, [initData, session, isIdle, signInTelegram]);

  if (session && telegram.isIdle) return <Navigate to={next ?? '/profile'} replace />;

  return (
    <Page title={t('title')}>
      <p className="intro">{t('intro')}</p>
      {initData && (
        <Section header={t('telegram.header')}>
          <div className="section-body stack">
            {telegram.isPending && <p role="status">{t('telegram.signingIn')}</p>}
            <ProblemText error={telegram.error} />
            {telegram.isError && (
              <Button size="l" stretched onClick={() => telegram.mutate(initData)}>
                {t('telegram.retry')}
              </Button>
            )}
          </div>
        </Section>
      )}
      <Section header={t('vk.header')}>
        <div className="section-body stack">
          <Button size="l" stretched loading={vk.isPending} onClick={() => vk.mutate()}>
            {t('vk.signIn')}
          </Button>
          <ProblemText error={vk.error} />
        </div>
      </Section>
      <Section header={t('wallet.header')} footer={t('wallet.footer')}>
        <div className="section-body">
          <WalletButton purpose="sign-in" onDone={land} />
        </div>
      </Section>
      <LanguageSwitch />
    </Page>
  );
}
