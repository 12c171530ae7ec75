// A screen the API offers that this build does not show yet: say so instead of a blank page.
import { Placeholder } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { Page } from '@/components/Page';

export function NotYetScreen() {
  const { t } = useTranslation();
  return (
    <Page title={t('notYet.title')}>
      <Placeholder description={t('notYet.description')} />
    </Page>
  );
}
