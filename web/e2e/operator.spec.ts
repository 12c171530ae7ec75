// Flow b: the operator signs in in a browser with the polkadot.js extension holding //Alice (the
// registry's operator), finds the organization's verification request and approves it; the
// chain registers the issuer and the employer sees the organization verified.
import { call, telegramSession, until } from './fixtures/api';
import { exact, texts } from './fixtures/i18n';
import { screen } from './fixtures/screenshots';
import { newTelegramId } from './fixtures/telegram';
import { expect, test, unique } from './fixtures/test';
import { signed } from './fixtures/wallet';

test('the operator signs in with a wallet and approves a verification request', async ({ walletUser, telegramUser, lang }) => {
  const t = texts(lang);

  // An employer's organization asking for verification (flow a does this through the app).
  const adminId = newTelegramId();
  const admin = await telegramSession(adminId, lang);
  const name = unique('Northwind');
  const { body: org } = await call('POST', '/v1/organizations', { token: admin.token, body: { name, kind: 'employer' } });
  const domain = `${name.split(' ').pop()}.northwind.example`;
  await call('POST', `/v1/organizations/${String(org.id)}/verification`, { token: admin.token, body: { web_domain: domain } });

  // Signing in with the extension: it lists its account, the operator picks it and signs.
  const { page, wallet } = await walletUser();
  await expect(page.getByRole('heading', { level: 1, name: t('auth:title') })).toBeVisible();
  await page.getByRole('button', { name: t('auth:wallet.signIn') }).click();
  await expect(page.getByText(t('auth:wallet.pick'))).toBeVisible();
  await screen(page, 'sign-in-wallet-accounts');
  const signaturesBefore = signed.length;
  await page.getByRole('button', { name: new RegExp(wallet!.name) }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  // What the extension was asked to sign: the API's Sign-In with Substrate message, for this origin.
  const message = signed[signaturesBefore]?.message ?? '';
  expect(message).toMatch(/^<Bytes>.+ wants you to sign in with your Substrate account:\n/);
  expect(message).toContain(`\n${wallet!.address}\n`);
  expect(message).toMatch(/Request ID: sign-in<\/Bytes>$/);

  // The operator's tab is there for an operator wallet only.
  const nav = page.getByRole('navigation', { name: t('nav.label') });
  await nav.getByRole('link', { name: t('nav.operator') }).click();
  await expect(page.getByRole('heading', { level: 1, name: t('operator:title') })).toBeVisible();
  const request = page
    .locator('div')
    .filter({ has: page.getByText(domain, { exact: true }) })
    .filter({ has: page.getByRole('button', { name: t('operator:queue.approve'), exact: true }) })
    .last();
  await expect(request).toBeVisible();
  await screen(page, 'operator-queue');

  await request.getByRole('button', { name: t('operator:queue.approve'), exact: true }).click();
  // Approving registers the issuer on chain; the request leaves the queue once that is final.
  await expect(page.getByText(domain, { exact: true })).toHaveCount(0, { timeout: 90_000 });
  await screen(page, 'operator-queue-approved');
  await until(`/v1/organizations/${String(org.id)}`, (o) => o.verified === true);

  // The employer sees it verified, the request approved.
  const employer = await telegramUser({ id: adminId, path: `/app/organization/${String(org.id)}` });
  await expect(employer.page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(employer.page.getByText(exact(t('organization:verified'))).first()).toBeVisible();
  await expect(employer.page.getByText(exact(t('organization:verification.states.approved')))).toBeVisible();
  await screen(employer.page, 'organization-verified');
});
