// Flow f: the language switch changes what the screen says (and is kept across a reload); the
// Mini App follows Telegram's dark and light themes, the browser app the system's colour scheme.
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures/test';
import { t as tr, texts } from './fixtures/i18n';
import { headingLuminance } from './fixtures/look';
import { screen } from './fixtures/screenshots';
import type { Lang } from './fixtures/telegram';

const NAMES: Record<Lang, string> = { ru: 'Русский', en: 'English' };

/** A language of the switch (segments: tabs, the current one selected). */
function languageItem(page: Page, label: string, lang: Lang, selected?: boolean): Locator {
  return page
    .getByRole('navigation', { name: label })
    .getByRole('tab', { name: NAMES[lang], ...(selected === undefined ? {} : { selected }) });
}

test('switching the language switches the visible text, and it stays after a reload', async ({ telegramUser, lang }) => {
  const other: Lang = lang === 'ru' ? 'en' : 'ru';
  const t = texts(lang);
  const { page } = await telegramUser();
  await expect(page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
  const nav = page.getByRole('navigation', { name: t('nav.label') });
  await nav.getByRole('link', { name: t('nav.profile') }).click();
  await expect(page.getByRole('heading', { level: 1, name: t('profile:title') })).toBeVisible();
  await screen(page, 'profile');

  const switcher = page.getByRole('navigation', { name: t('language') });
  // The current language is the selected one (soft: an ARIA slip should not hide the flow's result).
  await expect.soft(languageItem(page, t('language'), lang, true)).toBeVisible({ timeout: 2_000 });
  await languageItem(page, t('language'), other).click();
  await expect(switcher).toHaveCount(0);

  await expect(page.locator('html')).toHaveAttribute('lang', other);
  await expect(page.getByRole('heading', { level: 1, name: tr(other, 'profile:title') })).toBeVisible();
  const otherNav = page.getByRole('navigation', { name: tr(other, 'nav.label') });
  await expect(otherNav.getByRole('link', { name: tr(other, 'nav.certificates') })).toBeVisible();
  await expect.soft(languageItem(page, tr(other, 'language'), other, true)).toBeVisible({ timeout: 2_000 });
  await expect(page).toHaveTitle(new RegExp(tr(other, 'profile:title')));
  await screen(page, 'profile-switched', other);

  // The choice outlives the page (and wins over Telegram's language_code).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: tr(other, 'profile:title') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', other);
});

test("the Mini App takes Telegram's dark and light themes", async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const dark = await telegramUser({ theme: 'dark' });
  await expect(dark.page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
  await expect.poll(() => dark.page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--tg-theme-bg-color').trim())).toBe(
    '#17212b',
  );
  await expect.poll(() => headingLuminance(dark.page)).toBeGreaterThan(0.7);
  await screen(dark.page, 'onboarding-dark');

  const light = await telegramUser({ theme: 'light' });
  await expect(light.page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
  await expect.poll(() => headingLuminance(light.page)).toBeLessThan(0.1);
  await screen(light.page, 'onboarding-light');
});

test("the browser app follows the system's colour scheme, and its sign-in screen switches language", async ({ walletUser, lang }) => {
  const t = texts(lang);
  const other: Lang = lang === 'ru' ? 'en' : 'ru';
  const { page } = await walletUser({ colorScheme: 'dark' });
  await expect(page).toHaveURL(/\/app\/sign-in/);
  await expect(page.getByRole('heading', { level: 1, name: t('auth:title') })).toBeVisible();
  await expect(page.getByRole('button', { name: t('auth:wallet.signIn') })).toBeVisible();
  // No Telegram here: no Telegram section, VK and the wallet instead.
  await expect(page.getByText(t('auth:telegram.signingIn'))).toHaveCount(0);
  await expect.poll(() => headingLuminance(page)).toBeGreaterThan(0.7);
  await screen(page, 'sign-in-dark');

  await page.emulateMedia({ colorScheme: 'light' });
  await expect.poll(() => headingLuminance(page)).toBeLessThan(0.1);
  await screen(page, 'sign-in');

  await languageItem(page, t('language'), other).click();
  await expect(page.getByRole('heading', { level: 1, name: tr(other, 'auth:title') })).toBeVisible();
  await expect(page.getByRole('button', { name: tr(other, 'auth:wallet.signIn') })).toBeVisible();
  await screen(page, 'sign-in', other);
});
