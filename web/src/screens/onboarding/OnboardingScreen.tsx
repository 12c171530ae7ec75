// The first screen after a first sign-in (and where the bot's /start lands): a person says what
// they came for. A job seeker fills in the profile; an employer creates an organization or joins
// one that invited them. The choice is only navigation: the API keeps no role per account.
import { Cell } from '@telegram-apps/telegram-ui';
import { Section } from '@/components/Section';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Page } from '@/components/Page';

export function OnboardingScreen() {
  const { t } = useTranslation('onboarding');
  const navigate = useNavigate();
  return (
    <Page title={t('title')}>
      <Section header={t('question')}>
        <Cell Component="button" type="button" className="cell-button" multiline description={t('seeker.description')} onClick={() => void navigate('/profile?edit=1')}>
          {t('seeker.title')}
        </Cell>
        <Cell Component="button" type="button" className="cell-button" multiline description={t('employer.description')} onClick={() => void navigate('/organization?new=1')}>
          {t('employer.title')}
        </Cell>
      </Section>
    </Page>
  );
}
