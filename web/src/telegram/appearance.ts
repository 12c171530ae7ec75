// Light or dark: Telegram's theme when inside it, else the browser's prefers-color-scheme.
import { useSyncExternalStore } from 'react';
import { miniApp, themeParams, useSignal } from '@telegram-apps/sdk-react';
import { insideTelegram } from '@/telegram/launch';
import { readableThemeVars, type ThemeColors } from '@/telegram/contrast';

export type Appearance = 'light' | 'dark';

const query = typeof window === 'undefined' ? null : window.matchMedia('(prefers-color-scheme: dark)');

function subscribeBrowser(listener: () => void): () => void {
  query?.addEventListener('change', listener);
  return () => query?.removeEventListener('change', listener);
}

function browserAppearance(): Appearance {
  return query?.matches ? 'dark' : 'light';
}

export function useAppearance(): Appearance {
  const browser = useSyncExternalStore(subscribeBrowser, browserAppearance);
  const miniAppDark = useSignal(miniApp.isDark);
  const themeDark = useSignal(themeParams.isDark);
  if (!insideTelegram()) return browser;
  return miniAppDark || themeDark ? 'dark' : 'light';
}

// What telegram-ui shows outside Telegram (its own defaults, with the darker blue and red of
// app.css), and what fills the gaps of an older client's theme.
const BROWSER_THEMES: Record<Appearance, ThemeColors> = {
  light: {
    bg: '#ffffff',
    secondaryBg: '#efeff4',
    sectionBg: '#ffffff',
    text: '#000000',
    hint: '#707579',
    link: '#0062cc',
    accentText: '#0062cc',
    button: '#0062cc',
    buttonText: '#ffffff',
    sectionHeader: '#707579',
    subtitle: '#707579',
    destructive: '#c62828',
    secondaryHint: '#a2acb0',
  },
  dark: {
    bg: '#212121',
    secondaryBg: '#0f0f0f',
    sectionBg: '#212121',
    text: '#ffffff',
    hint: '#aaaaaa',
    link: '#6cb4ff',
    accentText: '#6cb4ff',
    button: '#1565c0',
    buttonText: '#ffffff',
    sectionHeader: '#aaaaaa',
    subtitle: '#aaaaaa',
    destructive: '#ff7b72',
    secondaryHint: '#78797e',
  },
};

/**
 * telegram-ui's colour variables with every text colour at 4.5:1 against its background: the
 * theme's own colours (Telegram's theme params, or the browser palette), adjusted by readableThemeVars.
 * Set as inline style on AppRoot, so they win over telegram-ui's class-level definitions.
 */
export function useReadableThemeVars(appearance: Appearance): Record<string, string> {
  const tg = {
    bg: useSignal(themeParams.backgroundColor),
    secondaryBg: useSignal(themeParams.secondaryBackgroundColor),
    sectionBg: useSignal(themeParams.sectionBackgroundColor),
    text: useSignal(themeParams.textColor),
    hint: useSignal(themeParams.hintColor),
    link: useSignal(themeParams.linkColor),
    accentText: useSignal(themeParams.accentTextColor),
    button: useSignal(themeParams.buttonColor),
    buttonText: useSignal(themeParams.buttonTextColor),
    sectionHeader: useSignal(themeParams.sectionHeaderTextColor),
    subtitle: useSignal(themeParams.subtitleTextColor),
    destructive: useSignal(themeParams.destructiveTextColor),
  };
  const base = BROWSER_THEMES[appearance];
  if (!insideTelegram()) return readableThemeVars(base);
  const theme: ThemeColors = { ...base };
  for (const key of Object.keys(tg) as (keyof typeof tg)[]) {
    const value = tg[key];
    if (value) theme[key] = value;
  }
  if (!tg.sectionBg && tg.bg) theme.sectionBg = tg.bg;
  if (!tg.accentText && tg.link) theme.accentText = tg.link;
  return readableThemeVars(theme);
}
