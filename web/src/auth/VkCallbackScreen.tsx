// VK ID sends the browser back here (/app/auth/vk/callback?code=…&state=…&device_id=…); the API
// exchanges the code. Signed in, VK was linked to the account instead, and we return to the profile.
import { useEffect, useRef } from 'react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LinkButton } from '@/components/Links';
import { Page } from '@/components/Page';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { landingAfterSignIn } from '@/auth/afterSignIn';
import { getSession } from '@/auth/session';
import { finishVk } from '@/auth/signIn';

export function VkCallbackScreen() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const linking = useRef(!!getSession());
  const finish = useMutation({
    mutationFn: () => finishVk(params.get('code') ?? '', params.get('state') ?? '', params.get('device_id') ?? ''),
    onSuccess: (signedIn) =>
      void navigate(linking.current ? '/profile' : landingAfterSignIn(signedIn, null), { replace: true }),
  });
  const started = useRef(false);
  useEffect(() => {
    // Once: the state is single-use, a second post would be refused.
    if (started.current) return;
    started.current = true;
    finish.mutate();
  }, [finish]);

  return (
    <Page title={t('vk.finishing')}>
      {finish.isPending && <Loading />}
      <ProblemText error={finish.error} />
      {finish.isError && (
        <LinkButton to="/sign-in" mode="bezeled">
          {t('vk.again')}
        </LinkButton>
      )}
    </Page>
  );
}
