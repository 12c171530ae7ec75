import { Placeholder } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { LinkButton } from '@/components/Links';
import { Page } from '@/components/Page';

export function NotFoundScreen() {
  const { t } = useTranslation();
  return (
    <Page title={t('notFound.title')}>
      <Placeholder
        description={t('notFound.description')}
        action={
          <LinkButton to="/">
            {t('notFound.home')}
          </LinkButton>
        }
      />
    </Page>
  );
}
