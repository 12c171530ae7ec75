// Flow c: a verified university's admin issues a diploma to a job seeker (a second Telegram user); the
// job seeker sees it active in their list, opens it, shares it to Telegram and VK, and its public
// page /c/{id} verifies it.
import { expect, test, unique } from './fixtures/test';
import { telegramSession, until, verifiedOrganization } from './fixtures/api';
import { exact, texts } from './fixtures/i18n';
import { screen } from './fixtures/screenshots';
import { newTelegramId, telegramEvents } from './fixtures/telegram';

/** What the public page says, from the API's catalogue. */
const PUBLIC_PAGE = {
  ru: { valid: 'Действителен', verified: 'организация подтверждена' },
  en: { valid: 'Valid', verified: 'verified issuer' },
} as const;

test('a job seeker receives a diploma, opens it, shares it, and its public page verifies', async ({ telegramUser, lang, page }) => {
  const t = texts(lang);

  // The job seeker opens the Mini App first: signed in, their account (and handle) exist.
  const seeker = await telegramUser({ name: 'Anna' });
  await expect(seeker.page.getByRole('heading', { level: 1, name: t('onboarding:title') })).toBeVisible();
  const handle = await seeker.page.evaluate(() => JSON.parse(localStorage.getItem('iktomi.session') ?? '{}').handle as string);
  expect(handle).toBeTruthy();

  // A verified university (flows a and b do this through the app); its admin issues in the app.
  const rectorId = newTelegramId();
  const rector = await telegramSession(rectorId, lang);
  const university = unique('Kazan University');
  const org = await verifiedOrganization(rector, university, 'university');
  const issuer = await telegramUser({ id: rectorId, path: `/app/organization/${org}/issue` });
  await expect(issuer.page.getByRole('heading', { level: 1, name: university })).toBeVisible();
  const form = issuer.page.getByRole('form', { name: t('organization:issue.single') });
  await form.getByLabel(t('organization:issue.holder')).fill(`@${handle}`);
  await form.getByLabel(t('certificates:fields.kind')).selectOption('diploma');
  const title = unique('BSc in Physics');
  await form.getByLabel(t('organization:document.title')).fill(title);
  await form.getByLabel(t('organization:document.description')).fill('Bachelor of Science in Physics, with honours');
  await form.getByLabel(t('organization:document.skills')).fill('physics, mathematics');
  await screen(issuer.page, 'organization-issue');
  await form.getByRole('button', { name: t('organization:issue.submit'), exact: true }).click();
  // A chain write: "writing to the blockchain…", then a link to what was issued.
  const issuedLink = form.locator('..').getByRole('link', { name: new RegExp(t('organization:issue.done')) });
  await expect(issuedLink).toBeVisible({ timeout: 90_000 });
  const id = Number(/\/certificates\/(\d+)/.exec((await issuedLink.getAttribute('href')) ?? '')?.[1]);
  expect(id).toBeGreaterThan(0);
  await screen(issuer.page, 'organization-issued');
  await until(`/v1/verify/${id}`, (v) => v.status === 'active');

  // The list: the diploma, active.
  await seeker.page.getByRole('navigation', { name: t('nav.label') }).getByRole('link', { name: t('nav.certificates') }).click();
  await expect(seeker.page.getByRole('heading', { level: 1, name: t('certificates:title') })).toBeVisible();
  const row = seeker.page.getByRole('link', { name: new RegExp(title) });
  await expect(row).toBeVisible();
  await expect(row).toContainText(t('certificates:status.active'));
  await expect(row).toContainText(t('certificates:kinds.diploma'));
  await expect(row).toContainText(university);
  await screen(seeker.page, 'certificates');

  // The detail: verified from the chain mirror.
  await row.click();
  await expect(seeker.page).toHaveURL(new RegExp(`/app/certificates/${id}$`));
  await expect(seeker.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(seeker.page.getByText(exact(t('certificates:status.active'))).first()).toBeVisible();
  await expect(seeker.page.getByText(university)).toBeVisible();
  await expect(seeker.page.getByText(`@${handle}`)).toBeVisible();
  // An organization it has no relationship with: the diploma waits for the holder to accept it.
  const accept = seeker.page.getByRole('button', { name: t('certificates:placement.accept'), exact: true });
  if (await accept.isVisible()) {
    await screen(seeker.page, 'certificate-pending');
    await accept.click();
    await expect(accept).toBeHidden();
  }
  await screen(seeker.page, 'certificate');

  // Sharing inside Telegram goes through the Mini App bridge: a t.me share link, VK in the browser.
  const origin = new URL(seeker.page.url()).origin;
  const publicUrl = `${origin}/c/${id}`;
  await expect(seeker.page.getByRole('link', { name: publicUrl })).toHaveAttribute('href', publicUrl);
  await seeker.page.getByRole('button', { name: t('certificates:share.telegram'), exact: true }).click();
  await seeker.page.getByRole('button', { name: t('certificates:share.vk'), exact: true }).click();
  const events = await telegramEvents(seeker.page);
  const tg = events.find((e) => e.name === 'web_app_open_tg_link')?.data as { path_full?: string } | undefined;
  expect(tg?.path_full, JSON.stringify(events)).toBeDefined();
  const tgShare = new URL(`https://t.me${tg!.path_full}`);
  expect(tgShare.pathname).toBe('/share/url');
  expect(tgShare.searchParams.get('url')).toBe(publicUrl);
  expect(tgShare.searchParams.get('text')).toBe(title);
  const vk = events.find((e) => e.name === 'web_app_open_link')?.data as { url?: string } | undefined;
  const vkShare = new URL(vk?.url ?? 'about:blank');
  expect(`${vkShare.origin}${vkShare.pathname}`).toBe('https://vk.com/share.php');
  expect(vkShare.searchParams.get('url')).toBe(publicUrl);

  // The public page anyone opens from the share: valid, by a verified issuer, with share links,
  // in the browser's language (the API's own catalogue, api/locales/<lang>/pages.ftl).
  await page.goto(`/c/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  await expect(page.locator('#status')).toHaveText(PUBLIC_PAGE[lang].valid);
  await expect(page.getByText(PUBLIC_PAGE[lang].verified)).toBeVisible();
  const vkHref = new URL((await page.locator('#share-vk').getAttribute('href')) ?? '');
  expect(`${vkHref.origin}${vkHref.pathname}`).toBe('https://vk.com/share.php');
  expect(vkHref.searchParams.get('url')).toMatch(new RegExp(`/c/${id}$`));
  const tgHref = new URL((await page.locator('#share-telegram').getAttribute('href')) ?? '');
  expect(`${tgHref.origin}${tgHref.pathname}`).toBe('https://t.me/share/url');
  expect(tgHref.searchParams.get('url')).toMatch(new RegExp(`/c/${id}$`));
  await screen(page, 'public-certificate');
});
