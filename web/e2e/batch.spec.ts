// Flow d: issuing to a cohort from a CSV file. A row naming nobody shows its error, on its line,
// before anything is sent (the API checks the file), and blocks sending; with the row fixed the
// cohort is issued in one transaction.
import { call, telegramSession, verifiedOrganization } from './fixtures/api';
import { texts } from './fixtures/i18n';
import { screen } from './fixtures/screenshots';
import { newTelegramId } from './fixtures/telegram';
import { expect, test, unique } from './fixtures/test';

test('a cohort CSV with a bad row shows the row error before sending; fixed, it is issued', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const organizerId = newTelegramId();
  const organizer = await telegramSession(organizerId, lang);
  const name = unique('RustConf');
  const org = await verifiedOrganization(organizer, name, 'conference_organizer');
  const [anna, boris] = [await telegramSession(newTelegramId(), lang), await telegramSession(newTelegramId(), lang)];

  const { page } = await telegramUser({ id: organizerId, path: `/app/organization/${org}/issue` });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const form = page.getByRole('form', { name: t('organization:batch.header') });

  // The second person's handle is nobody's: the API's check of the file says so, on that row.
  const ghost = `nobody_${Date.now().toString(36)}`;
  const bad = `handle,name\n${anna!.handle},Anna\n${ghost},Ghost\n${boris!.handle},Boris\n`;
  await form.getByLabel(t('organization:batch.file')).setInputFiles({ name: 'cohort.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await expect(form.getByLabel(t('organization:batch.csv'))).toHaveValue(bad);
  await expect(form.getByText(t('organization:batch.preview', { count: 2 }))).toBeVisible();
  await expect(form.getByText(t('organization:batch.problems', { count: 1 }))).toBeVisible();
  const badRow = form
    .locator('div')
    .filter({ has: page.getByText(ghost, { exact: true }) })
    .filter({ hasText: t('organization:batch.errors.unknown-person') })
    .last();
  await expect(badRow).toBeVisible();
  // Lines count as in the file (the header is line 1).
  await expect(badRow).toContainText(t('organization:batch.line', { line: 3 }));
  const submit = form.getByRole('button', { name: t('organization:batch.submit'), exact: true });
  await expect(submit).toBeDisabled();
  await form.getByLabel(t('certificates:fields.kind')).selectOption('event');
  await form.getByLabel(t('organization:document.title')).fill(`${name}: speaker`);
  await screen(page, 'organization-batch-error');

  // Fixed (the row removed) and checked again: every row is a person, sending is possible.
  const good = `handle,name\n${anna!.handle},Anna\n${boris!.handle},Boris\n`;
  await form.getByLabel(t('organization:batch.csv')).fill(good);
  await expect(submit).toBeDisabled();
  await form.getByRole('button', { name: t('organization:batch.check'), exact: true }).click();
  await expect(form.getByText(t('organization:batch.preview', { count: 2 }))).toBeVisible();
  await expect(form.getByText(t('organization:batch.errors.unknown-person'))).toHaveCount(0);
  await expect(submit).toBeEnabled();
  await submit.click();
  await expect(form.getByRole('status').filter({ hasText: t('organization:batch.done', { count: 2 }) })).toBeVisible({ timeout: 90_000 });
  await screen(page, 'organization-batch-issued');

  // Both hold it now.
  for (const person of [anna!, boris!]) {
    const { body } = await call('GET', '/v1/me/certificates', { token: person.token });
    expect((body as unknown as { title?: string }[]).map((c) => c.title)).toContain(`${name}: speaker`);
  }
});
