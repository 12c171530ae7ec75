// Русский / English, kept in localStorage.
import { SegmentedControl } from '@telegram-apps/telegram-ui';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, LANGUAGES } from '@/i18n';

const NAMES = { ru: 'Русский', en: 'English' } as const;

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <nav aria-label={t('language')} className="language-switch">
      <SegmentedControl>
        {LANGUAGES.map((language) => (
          <SegmentedControl.Item
            key={language}
            selected={i18n.language === language}
            aria-selected={i18n.language === language}
            lang={language}
            onClick={() => chooseLanguage(language)}
          >
            {NAMES[language]}
          </SegmentedControl.Item>
        ))}
      </SegmentedControl>
    </nav>
  );
}
