// The person's own profile: read it, edit it, preview what others see, wallets and sign-in methods.
import { useQuery } from '@tanstack/react-query';
import { Button, SegmentedControl } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { LinkCell } from '@/components/Links';
import { Page } from '@/components/Page';
import { Section } from '@/components/Section';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { LanguageSwitch } from '@/app/LanguageSwitch';
import { ProfileEditor } from '@/screens/profile/ProfileEditor';
import { ProfileView } from '@/screens/profile/ProfileView';
import { PublicPreview } from '@/screens/profile/PublicPreview';
import { SignInMethods } from '@/screens/profile/SignInMethods';
import { WalletsSection } from '@/screens/profile/WalletsSection';

type Mode = 'view' | 'edit' | 'preview';

export function ProfileScreen() {
  const { t } = useTranslation('profile');
  const [params, setParams] = useSearchParams();
  const mode: Mode = params.get('edit') ? 'edit' : params.get('preview') ? 'preview' : 'view';
  const setMode = (next: Mode) => {
    setParams(next === 'view' ? {} : { [next]: '1' }, { replace: true });
    // Each mode starts at its top: saving is pressed at the foot of the long editor, and the
    // profile it returns to should not open scrolled down to the wallets.
    window.scrollTo(0, 0);
  };
  const profile = useQuery({ queryKey: ['me', 'profile'], queryFn: async () => unwrap(await api.GET('/v1/me/profile')) });

  return (
    <Page
      title={t('title')}
      actions={
        mode === 'view' && profile.data ? (
          <Button size="s" onClick={() => setMode('edit')}>
            {t('edit.open')}
          </Button>
        ) : undefined
      }
    >
      {profile.isPending && <Loading />}
      <ProblemText error={profile.error} />
      {profile.data && (
        <>
          {mode !== 'edit' && (
            <div className="section-body">
              <SegmentedControl>
                <SegmentedControl.Item selected={mode === 'view'} aria-selected={mode === 'view'} onClick={() => setMode('view')}>
                  {t('tabs.mine')}
                </SegmentedControl.Item>
                <SegmentedControl.Item selected={mode === 'preview'} aria-selected={mode === 'preview'} onClick={() => setMode('preview')}>
                  {t('tabs.public')}
                </SegmentedControl.Item>
              </SegmentedControl>
            </div>
          )}
          {mode === 'edit' && <ProfileEditor profile={profile.data} onDone={() => setMode('view')} />}
          {mode === 'preview' && <PublicPreview handle={profile.data.handle} />}
          {mode === 'view' && (
            <>
              <ProfileView profile={profile.data} showVisibility />
              <Section>
                <LinkCell to="/notifications">{t('notificationsLink')}</LinkCell>
              </Section>
              <WalletsSection />
              <SignInMethods />
              <LanguageSwitch />
            </>
          )}
        </>
      )}
    </Page>
  );
}
