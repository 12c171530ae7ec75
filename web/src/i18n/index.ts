// Russian first: the default and the fallback. The language is the one the person chose here
// (kept in localStorage), else Telegram's language_code, else the browser's; <html lang> follows.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { telegramLanguage } from '@/telegram/launch';

export const LANGUAGES = ['ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'iktomi.language';

// Every catalog is small JSON, bundled: no flash of keys while a file loads.
const files = import.meta.glob<Record<string, unknown>>('./locales/*/*.json', {
  eager: true,
  import: 'default',
});

export const resources: Record<string, Record<string, Record<string, unknown>>> = {};
for (const [path, catalog] of Object.entries(files)) {
  const [, language, namespace] = /\.\/locales\/(\w+)\/(\w+)\.json$/.exec(path) ?? [];
  if (!language || !namespace) continue;
  (resources[language] ??= {})[namespace] = catalog;
}

function supported(code: string | undefined | null): Language | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((l) => l === base);
}

function storedLanguage(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function initialLanguage(): Language {
  const fromNavigator = typeof navigator === 'undefined' ? undefined : navigator.language;
  return supported(storedLanguage()) ?? supported(telegramLanguage()) ?? supported(fromNavigator) ?? 'ru';
}

export function chooseLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not persisted: the choice lasts this page
  }
  void i18n.changeLanguage(language);
}

i18n.on('languageChanged', (language) => {
  if (typeof document !== 'undefined') document.documentElement.lang = language;
});

void i18n.use(initReactI18next).init({
  resources,
  lng: typeof window === 'undefined' ? 'ru' : initialLanguage(),
  fallbackLng: 'ru',
  supportedLngs: [...LANGUAGES],
  ns: Object.keys(resources.ru ?? {}),
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
  showSupportNotice: false,
});

export default i18n;
