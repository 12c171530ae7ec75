// How this account signs in, and adding another method: with a session, the API glues a Telegram
// or VK sign-in onto this account (a method already on another account is 409).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemText } from '@/components/ProblemText';
import { useMe } from '@/auth/me';
import { signInWithTelegram, signOut, startVk } from '@/auth/signIn';
import { rawInitData } from '@/telegram/launch';

export function SignInMethods() {
  const { t } = useTranslation('auth');
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const identities = me.data?.identities ?? [];
  const initData = rawInitData();

  const linkTelegram = useMutation({
    mutationFn: async () => signInWithTelegram(initData ?? ''),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['me'] }),
  });
  const linkVk = useMutation({ mutationFn: startVk });
  const leave = useMutation({
    mutationFn: signOut,
    onSuccess: () => {
      queryClient.clear();
      void navigate('/sign-in', { replace: true });
    },
  });

  return (
    <Section header={t('methods.header')}>
      {['telegram', 'vk'].map((provider) => (
        <Cell key={provider} after={identities.includes(provider) ? t('methods.linked') : undefined}>
          {t(`methods.${provider}`)}
        </Cell>
      ))}
      <div className="section-body stack">
        {initData && !identities.includes('telegram') && (
          <Button mode="bezeled" loading={linkTelegram.isPending} onClick={() => linkTelegram.mutate()}>
            {t('methods.linkTelegram')}
          </Button>
        )}
        {!identities.includes('vk') && (
          <Button mode="bezeled" loading={linkVk.isPending} onClick={() => linkVk.mutate()}>
            {t('methods.linkVk')}
          </Button>
        )}
        <ProblemText error={linkTelegram.error ?? linkVk.error ?? leave.error} />
        <Button mode="plain" loading={leave.isPending} onClick={() => leave.mutate()}>
          {t('signOut')}
        </Button>
      </div>
    </Section>
  );
}
