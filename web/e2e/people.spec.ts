// People: a person fills in their profile (each item with who may see it) and previews what the
// public sees; colleagues ask for, write, hide and show recommendations; a notice opens from a
// deep link, and Telegram's Back Button walks back through the screens it opened.
import { call, issued, telegramSession, verifiedOrganization } from './fixtures/api';
import { exact, texts } from './fixtures/i18n';
import { screen } from './fixtures/screenshots';
import { backButton, mainButton, newTelegramId, pressBackButton, pressMainButton } from './fixtures/telegram';
import { expect, section, test, unique } from './fixtures/test';

test('a person edits the profile with the Main Button, and the public preview leaves out what is not public', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  // An account that exists already (the first sign-in would land on onboarding, flow a's screen).
  const id = newTelegramId();
  const me = await telegramSession(id, lang);
  const { page } = await telegramUser({ id, path: '/app/profile' });
  await expect(page.getByRole('heading', { level: 1, name: t('profile:title') })).toBeVisible();
  await page.getByRole('button', { name: t('profile:edit.open'), exact: true }).click();
  const form = page.getByRole('form', { name: t('profile:edit.form'), exact: true });
  await expect(form).toBeVisible();
  // Inside Telegram, saving is the native Main Button, in the person's language, not a page button.
  await expect(form.getByRole('button', { name: t('profile:edit.save'), exact: true })).toHaveCount(0);
  await expect
    .poll(() => mainButton(page))
    .toMatchObject({ is_visible: true, is_active: true, text: t('profile:edit.save') });

  const name = unique('Anna Petrova');
  const headline = 'Rust engineer, distributed systems';
  await form.getByLabel(t('profile:fields.displayName'), { exact: true }).fill(name);
  await form.getByLabel(t('profile:fields.headline'), { exact: true }).fill(headline);

  // A public skill at its top level, and one only the owner sees.
  await form.getByRole('button', { name: t('profile:skills.add'), exact: true }).click();
  const rust = form.getByRole('group', { name: t('profile:skills.item', { n: 1 }), exact: true });
  await rust.getByLabel(t('profile:skills.name'), { exact: true }).fill('Rust');
  await rust.getByLabel(t('profile:skills.level'), { exact: true }).selectOption('5');
  await form.getByRole('button', { name: t('profile:skills.add'), exact: true }).click();
  const poker = form.getByRole('group', { name: t('profile:skills.item', { n: 2 }), exact: true });
  await poker.getByLabel(t('profile:skills.name'), { exact: true }).fill('Poker');
  await poker.getByLabel(t('profile:skills.level'), { exact: true }).selectOption('2');
  await poker.getByLabel(t('profile:visibility.label'), { exact: true }).selectOption('private');

  // Education for everyone; experience for organizations only (not the anonymous public).
  await form.getByRole('button', { name: t('profile:education.add'), exact: true }).click();
  const university = form.getByRole('group', { name: t('profile:education.item', { n: 1 }), exact: true });
  await university.getByLabel(t('profile:education.institution'), { exact: true }).fill('Kazan Federal University');
  await university.getByLabel(t('profile:education.degree'), { exact: true }).fill('BSc');
  await university.getByLabel(t('profile:education.field'), { exact: true }).fill('Physics');
  await university.getByLabel(t('profile:education.startYear'), { exact: true }).fill('2014');
  await university.getByLabel(t('profile:education.endYear'), { exact: true }).fill('2018');
  await form.getByRole('button', { name: t('profile:experience.add'), exact: true }).click();
  const job = form.getByRole('group', { name: t('profile:experience.item', { n: 1 }), exact: true });
  await job.getByLabel(t('profile:experience.company'), { exact: true }).fill('Northwind Labs');
  await job.getByLabel(t('profile:experience.title'), { exact: true }).fill('Backend developer');
  await job.getByLabel(t('profile:experience.start'), { exact: true }).fill('2019-03-01');
  await job.getByLabel(t('profile:visibility.label'), { exact: true }).selectOption('organizations');
  await screen(page, 'profile-edit');

  await pressMainButton(page);
  // Saved: the profile reads as edited, each item with who sees it; the Main Button went away.
  await expect(form).toHaveCount(0);
  await expect(page).toHaveURL(/\/app\/profile$/);
  await expect.poll(async () => (await mainButton(page))?.is_visible).toBe(false);
  // Back at the top of the profile (the Main Button was pressed at the foot of the editor).
  await expect(page.getByText(name, { exact: true })).toBeInViewport();
  await expect(page.getByText(headline, { exact: true })).toBeVisible();
  await expect(page.getByText(`@${me.handle}`, { exact: true })).toBeVisible();
  await expect(page.getByText('Rust', { exact: true })).toBeVisible();
  await expect(page.getByText(t('profile:skills.levels.5'), { exact: true })).toBeVisible();
  await expect(page.getByText('Poker', { exact: true })).toBeVisible();
  await expect(page.getByText(exact(t('profile:visibility.private')))).toBeVisible();
  await expect(page.getByText('Kazan Federal University', { exact: true })).toBeVisible();
  await expect(page.getByText('Backend developer', { exact: true })).toBeVisible();
  await expect(page.getByText(exact(t('profile:visibility.organizations')))).toBeVisible();
  await screen(page, 'profile-saved');

  // What people see without signing in: the public items, not the private skill nor the
  // experience shown to organizations only, and no visibility labels.
  await page.getByRole('tab', { name: t('profile:tabs.public'), exact: true }).click();
  const preview = page.getByRole('region', { name: t('profile:preview.header') });
  await expect(preview.getByText(name, { exact: true })).toBeVisible();
  await expect(preview.getByText(headline, { exact: true })).toBeVisible();
  await expect(preview.getByText('Rust', { exact: true })).toBeVisible();
  await expect(preview.getByText('Kazan Federal University', { exact: true })).toBeVisible();
  await expect(preview.getByText('Poker', { exact: true })).toHaveCount(0);
  await expect(preview.getByText('Backend developer', { exact: true })).toHaveCount(0);
  await expect(preview.getByText(exact(t('profile:visibility.private')))).toHaveCount(0);
  await screen(page, 'profile-preview');
});

test('a person asks a colleague for a recommendation; the colleague writes it; it is hidden and shown again', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const [annaId, borisId] = [newTelegramId(), newTelegramId()];
  const anna = await telegramSession(annaId, lang);
  const boris = await telegramSession(borisId, lang);

  // Anna asks Boris, by his handle.
  const asker = await telegramUser({ id: annaId, path: '/app/recommendations' });
  const a = asker.page;
  await expect(a.getByRole('heading', { level: 1, name: t('recommendations:title') })).toBeVisible();
  await expect(a.getByText(t('recommendations:received.empty'))).toBeVisible();
  await screen(a, 'recommendations');
  const ask = a.getByRole('form', { name: t('recommendations:ask.header'), exact: true });
  await ask.getByLabel(t('recommendations:fields.colleague'), { exact: true }).fill(`@${boris.handle}`);
  await ask.getByLabel(t('recommendations:fields.kind'), { exact: true }).selectOption('recommendation');
  await ask.getByLabel(t('recommendations:fields.note'), { exact: true }).fill('We built the payments service together');
  await ask.getByRole('button', { name: t('recommendations:ask.submit'), exact: true }).click();
  await expect(ask.getByRole('status').filter({ hasText: t('recommendations:ask.sent') })).toBeVisible();
  // It shows among Anna's, requested of Boris.
  const mine = section(a, t('recommendations:received.header'));
  // Named as Telegram names him, his handle beside it.
  await expect(mine.getByText(new RegExp(`· @${boris.handle}$`))).toBeVisible();
  await expect(mine.getByText(t('recommendations:status.requested'))).toBeVisible();
  await screen(a, 'recommendations-asked');

  // Boris sees the request and writes it, signed by his platform wallet.
  const author = await telegramUser({ id: borisId, path: '/app/recommendations' });
  const b = author.page;
  const requests = section(b, t('recommendations:requests.header'));
  await expect(requests.getByText('We built the payments service together')).toBeVisible();
  await expect(requests.getByText(new RegExp(`· @${anna.handle}$`))).toBeVisible();
  await screen(b, 'recommendations-request');
  await requests.getByRole('button', { name: t('recommendations:requests.write'), exact: true }).click();
  const write = b.getByRole('form', { name: t('recommendations:requests.write'), exact: true });
  const text = 'Anna designed and shipped our payments service; careful, fast and kind to review.';
  await write.getByLabel(t('recommendations:fields.text'), { exact: true }).fill(text);
  await expect(write.getByLabel(t('recommendations:signer.label'), { exact: true })).toHaveValue('custodial');
  await screen(b, 'recommendations-write');
  await write.getByRole('button', { name: t('recommendations:requests.sign'), exact: true }).click();
  // Written: the request leaves Boris's list.
  await expect(write).toHaveCount(0);
  await expect(requests).toHaveCount(0);
  await screen(b, 'recommendations-written');

  // Anna has it: written, its signature valid; she hides it from her profile and shows it again.
  await a.reload();
  await expect(mine.getByText(text)).toBeVisible();
  await expect(mine.getByText(new RegExp(`${t('recommendations:status.written')}.*${t('recommendations:received.signed')}`))).toBeVisible();
  await screen(a, 'recommendations-received');
  await mine.getByRole('button', { name: t('recommendations:received.hide'), exact: true }).click();
  await expect(mine.getByRole('button', { name: t('recommendations:received.show'), exact: true })).toBeVisible();
  await expect(mine.getByText(new RegExp(`· ${t('recommendations:received.hidden')}$`))).toBeVisible();
  // Hidden means: not among her public recommendations (what anyone reads, signed in or not).
  expect(await publicTexts(anna.handle)).not.toContain(text);
  await screen(a, 'recommendations-hidden');
  await mine.getByRole('button', { name: t('recommendations:received.show'), exact: true }).click();
  await expect(mine.getByRole('button', { name: t('recommendations:received.hide'), exact: true })).toBeVisible();
  await expect(mine.getByText(new RegExp(`· ${t('recommendations:received.hidden')}$`))).toHaveCount(0);
  expect(await publicTexts(anna.handle)).toContain(text);
});

/** The texts of a person's public recommendations (GET /v1/people/{handle}/recommendations, anonymous). */
async function publicTexts(handle: string): Promise<unknown[]> {
  const { body } = await call('GET', `/v1/people/${handle}/recommendations`);
  return (body as unknown as { text?: string }[]).map((r) => r.text);
}

test('a deep link opens the notices; the Back Button goes back through what was opened, then up', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  // Something to be told about: a verified course provider issues the person a certificate.
  const adminId = newTelegramId();
  const admin = await telegramSession(adminId, lang);
  const org = await verifiedOrganization(admin, unique('Stepik Academy'), 'course_provider');
  const personId = newTelegramId();
  const person = await telegramSession(personId, lang);
  const title = unique('Async Rust course');
  const certificate = await issued(admin, org, person, { kind: 'course', title });

  // The bot's button for the notices opens the Mini App with startapp=notifications.
  const { page } = await telegramUser({ id: personId, startParam: 'notifications' });
  await expect(page).toHaveURL(/\/app\/notifications$/);
  await expect(page.getByRole('heading', { level: 1, name: t('notifications:title') })).toBeVisible();
  const notice = page.getByRole('button', { name: new RegExp(t('notifications:kinds.certificate_issued')) });
  await expect(notice).toBeVisible();
  await expect(notice).toContainText(t('notifications:new'));
  // Not a tab's root: Telegram shows its Back Button.
  await expect.poll(async () => (await backButton(page))?.is_visible).toBe(true);
  await screen(page, 'notifications');

  // The notice opens what it is about, and is read.
  await notice.click();
  await expect(page).toHaveURL(new RegExp(`/app/certificates/${certificate}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect.poll(async () => (await backButton(page))?.is_visible).toBe(true);

  // Back: to the notices (history), the notice no longer new.
  await pressBackButton(page);
  await expect(page).toHaveURL(/\/app\/notifications$/);
  await expect(notice).toBeVisible();
  await expect(notice).not.toContainText(t('notifications:new'));
  await screen(page, 'notifications-read');

  // Back again: nothing earlier in this launch, so up to the app's root (the profile, a tab root:
  // the Back Button hides).
  await pressBackButton(page);
  await expect(page).toHaveURL(/\/app\/profile$/);
  await expect(page.getByRole('heading', { level: 1, name: t('profile:title') })).toBeVisible();
  await expect.poll(async () => (await backButton(page))?.is_visible).toBe(false);

  // A group's button for the certificate: startapp=certificates-<id> (the API's form) lands on it;
  // Back goes up to the root.
  const link = await telegramUser({ id: personId, startParam: `certificates-${certificate}` });
  await expect(link.page).toHaveURL(new RegExp(`/app/certificates/${certificate}$`));
  await expect(link.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect.poll(async () => (await backButton(link.page))?.is_visible).toBe(true);
  await screen(link.page, 'certificate-deep-link');
  await pressBackButton(link.page);
  await expect(link.page).toHaveURL(/\/app\/profile$/);
});
