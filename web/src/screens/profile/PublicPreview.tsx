// What others see: the profile fetched without the session, as the public may see it.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Section } from '@/components/Section';
import { ANONYMOUS, api } from '@/api/client';
import { unwrap } from '@/api/problem';
import { Loading } from '@/components/Pending';
import { ProblemText } from '@/components/ProblemText';
import { ProfileView } from '@/screens/profile/ProfileView';

export function PublicPreview({ handle }: { handle: string }) {
  const { t } = useTranslation('profile');
  const preview = useQuery({
    queryKey: ['people', handle, 'public'],
    queryFn: async () =>
      unwrap(await api.GET('/v1/people/{handle}', { params: { path: { handle } }, headers: { [ANONYMOUS]: '1' } })),
  });
  return (
    <section aria-label={t('preview.header')}>
      <Section header={t('preview.header')} footer={t('preview.footer')} />
      {preview.isPending && <Loading />}
      <ProblemText error={preview.error} />
      {preview.data && <ProfileView profile={preview.data} showVisibility={false} />}
    </section>
  );
}
