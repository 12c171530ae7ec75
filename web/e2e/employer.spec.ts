// Flow a: a Telegram user opens the Mini App, is signed in by their initData alone, says they
// are an employer, creates an organization and asks for verification.
import { createHash } from 'node:crypto';
import { exact, texts } from './fixtures/i18n';
import { expect, test, unique } from './fixtures/test';
import { screen } from './fixtures/screenshots';
import { mainButton, pressMainButton } from './fixtures/telegram';

test('a Telegram user is signed in, becomes an employer, creates an organization and asks for verification', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const { page } = await telegramUser();

  // A first sign-in lands on onboarding, in the language Telegram reported.
  await expect(page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.getByRole('navigation', { name: t('nav.label') })).toBeVisible();
  await screen(page, 'onboarding');

  await page.getByRole('button', { name: t('onboarding:employer.title') }).click();
  await expect(page).toHaveURL(/\/app\/organization\?new=1/);
  await expect(page.getByRole('heading', { level: 1, name: t('organization:listTitle') })).toBeVisible();
  await expect(page.getByText(t('organization:create.header'))).toBeVisible();
  await screen(page, 'organization-new');

  const name = unique('Acme Robotics');
  await page.getByLabel(t('organization:create.name')).fill(name);
  await page.getByLabel(t('organization:create.kind')).selectOption('employer');
  await page.getByLabel(t('organization:create.website')).fill('https://acme.example');
  // Inside Telegram the form's action is the native Main Button, in the user's language.
  await expect(page.getByRole('button', { name: t('organization:create.submit'), exact: true })).toHaveCount(0);
  await expect
    .poll(() => mainButton(page))
    .toMatchObject({ is_visible: true, is_active: true, text: t('organization:create.submit') });
  await pressMainButton(page);
  await expect(page).toHaveURL(/\/app\/organization\/[0-9a-f-]{36}/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(exact(t('organization:notVerified')))).toBeVisible();
  await expect(page.getByText(exact(t('organization:roles.admin')))).toBeVisible();
  // The organization's screen has no form of that kind: the Main Button went away with it.
  await expect.poll(async () => (await mainButton(page))?.is_visible).toBe(false);
  await screen(page, 'organization');

  // Verification: the domain, and a document whose hash the app computes from the picked file.
  const domain = `${name.split(' ').pop()}.acme.example`;
  const evidence = Buffer.from(`Certificate of registration of ${name}\n`);
  const form = page.getByRole('form', { name: t('organization:verification.ask') });
  await form.getByLabel(t('organization:verification.domain')).fill(domain);
  await form.getByLabel(t('organization:verification.documentUrl')).fill(`https://${domain}/registration.pdf`);
  await form.getByLabel(t('organization:verification.documentFile')).setInputFiles({
    name: 'registration.txt',
    mimeType: 'text/plain',
    buffer: evidence,
  });
  await expect(form.getByLabel(t('organization:verification.documentHash'))).toHaveValue(
    createHash('sha256').update(evidence).digest('hex'),
  );
  await screen(page, 'organization-verification-form');
  await form.getByRole('button', { name: t('organization:verification.ask') }).click();

  // The request waits for an operator; the form is gone until it is decided.
  await expect(page.getByText(domain)).toBeVisible();
  await expect(page.getByText(exact(t('organization:verification.states.pending')))).toBeVisible();
  await expect(form).toHaveCount(0);
  await screen(page, 'organization-verification-pending');
});
