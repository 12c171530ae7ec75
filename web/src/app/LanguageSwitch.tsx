// Русский / English, kept in localStorage and, for a signed-in person, in their account: the bot,
// notices and e-mails then speak the language chosen here.
import { SegmentedControl } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { api } from '@/api/client';
import { useSession } from '@/auth/session';
import { chooseLanguage, LANGUAGES, type Language } from '@/i18n';

const NAMES = { ru: 'Русский', en: 'English' } as const;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const choose = (language: Language) => {
    chooseLanguage(language);
    // The screen changes at once; the account follows when the API answers (a failure only
    // means later messages keep the previous language until the next choice).
    if (session) void api.PUT('/v1/me/language', { body: { language } }).catch(() => undefined);
  };
  return (
    <nav aria-label={t('language')} className="language-switch">
      <SegmentedControl>
        {LANGUAGES.map((language) => (
          <SegmentedControl.Item
            key={language}
            selected={i18n.language === language}
            aria-selected={i18n.language === language}
            lang={language}
            onClick={() => choose(language)}
          >
            {NAMES[language]}
          </SegmentedControl.Item>
        ))}
      </SegmentedControl>
    </nav>
  );
}
