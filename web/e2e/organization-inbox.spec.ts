// The organization's side: an admin invites a member who accepts from the invitation link; what
// waits in the inbox — a file a job seeker asks it to confirm, certificates people ask it for —
// is decided there and the person sees the outcome; an admin starts a tenure program; the
// operator lists the registered issuers with the control to suspend one.
import { createHash } from 'node:crypto';
import type { Locator } from '@playwright/test';
import { call, member, telegramSession, verifiedOrganization } from './fixtures/api';
import { exact, texts } from './fixtures/i18n';
import { screen } from './fixtures/screenshots';
import { backButton, newTelegramId } from './fixtures/telegram';
import { expect, section, test, unique } from './fixtures/test';

/** Whether the element's text shows whole (not cut with an ellipsis by a too narrow box). */
function whole(locator: Locator): Promise<boolean> {
  return locator.evaluate((e) => e.scrollWidth <= e.clientWidth);
}

test('an admin invites a person, who accepts from the invitation link and is listed with their role', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const adminId = newTelegramId();
  const admin = await telegramSession(adminId, lang);
  const name = unique('Volga Logistics');
  const org = await verifiedOrganization(admin, name, 'employer');
  const inviteeId = newTelegramId();
  const invitee = await telegramSession(inviteeId, lang);

  // The admin invites from the Members tab, as a manager.
  const { page } = await telegramUser({ id: adminId, path: `/app/organization/${org}/members` });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const members = section(page, t('organization:members.header'));
  await expect(members.getByText(`@${admin.handle}`, { exact: true })).toBeVisible();
  await screen(page, 'organization-members');
  const invite = page.getByRole('form', { name: t('organization:members.invite'), exact: true });
  await invite.getByLabel(t('organization:members.handle'), { exact: true }).fill(`@${invitee.handle}`);
  await invite.getByLabel(t('organization:members.role'), { exact: true }).selectOption('manager');
  await invite.getByRole('button', { name: t('organization:members.sendInvite'), exact: true }).click();
  await expect(invite.getByRole('status').filter({ hasText: t('organization:members.invitedDone') })).toBeVisible();
  // Listed as invited (not yet a member), with the role the admin may still change.
  const role = members.getByLabel(t('organization:members.roleOf', { handle: invitee.handle }), { exact: true });
  await expect(role).toHaveValue('manager');
  const invited = t('organization:members.invited', { role: t('organization:roles.manager') });
  await expect(members.getByText(exact(invited))).toBeVisible();
  await screen(page, 'organization-members-invited');

  // The invitation link a person gets (startapp=invite_<organization>) opens the invitation.
  const person = await telegramUser({ id: inviteeId, startParam: `invite_${org}` });
  const p = person.page;
  await expect(p).toHaveURL(new RegExp(`/app/organization/${org}/invitation$`));
  await expect(p.getByRole('heading', { level: 1, name: t('organization:invitations.title') })).toBeVisible();
  await expect(p.getByText(name, { exact: true })).toBeVisible();
  await expect(p.getByText(t('organization:invitations.description'))).toBeVisible();
  await expect.poll(async () => (await backButton(p))?.is_visible).toBe(true);
  await screen(p, 'organization-invitation');
  await p.getByRole('button', { name: t('organization:invitations.accept'), exact: true }).click();
  // In: the organization's screen, their role, and the manager's tabs (the inbox among them).
  await expect(p).toHaveURL(new RegExp(`/app/organization/${org}$`));
  await expect(p.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(p.getByText(exact(t('organization:roles.manager')))).toBeVisible();
  await expect(
    p.getByRole('navigation', { name: t('organization:tabs.label') }).getByRole('link', { name: t('organization:tabs.inbox'), exact: true }),
  ).toBeVisible();
  await screen(p, 'organization-joined');

  // The admin sees a member now: the role, no longer "invited".
  await page.reload();
  await expect(members.getByText(`@${invitee.handle}`, { exact: true })).toBeVisible();
  await expect(members.getByText(exact(invited))).toHaveCount(0);
  await expect(role).toHaveValue('manager');
  // (The row's text, not the role picker's option of the same name.)
  const roleText = members.getByText(exact(t('organization:roles.manager'))).and(page.locator(':not(option)'));
  await expect(roleText).toBeVisible();
  // On a phone, the admin's controls leave the member's handle and role readable.
  expect(await whole(members.getByText(`@${invitee.handle}`, { exact: true }))).toBe(true);
  expect(await whole(roleText)).toBe(true);
  await screen(page, 'organization-members-accepted');
});

/** A one-page PDF: the API takes an upload by its leading bytes (`%PDF-`). */
function pdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`;
  return Buffer.from(
    [
      '%PDF-1.4',
      '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
      '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
      '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >> endobj',
      `4 0 obj << /Length ${stream.length} >> stream`,
      stream,
      'endstream endobj',
      'trailer << /Root 1 0 R >>',
      '%%EOF',
      '',
    ].join('\n'),
  );
}

test('a job seeker uploads a file and asks an organization to confirm it; a manager confirms it in the inbox', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const admin = await telegramSession(newTelegramId(), lang);
  const name = unique('Ural Polytechnic');
  const org = await verifiedOrganization(admin, name, 'university');
  // A manager (not the admin) decides: the inbox is the managers'.
  const managerId = newTelegramId();
  await member(admin, org, await telegramSession(managerId, lang), 'manager');
  const seekerId = newTelegramId();
  const seeker = await telegramSession(seekerId, lang);

  // The seeker's files, from the certificates screen.
  const { page } = await telegramUser({ id: seekerId, path: '/app/certificates' });
  await expect(page.getByRole('heading', { level: 1, name: t('certificates:title') })).toBeVisible();
  await page.getByRole('link', { name: t('certificates:artifactsLink') }).click();
  await expect(page).toHaveURL(/\/app\/artifacts$/);
  await expect(page.getByRole('heading', { level: 1, name: t('artifacts:title') })).toBeVisible();
  await screen(page, 'artifacts');

  const title = unique('Diploma scan');
  const file = pdf(`${name}: diploma of ${seeker.handle}`);
  const upload = page.getByRole('form', { name: t('artifacts:upload.header'), exact: true });
  await upload.getByLabel(t('artifacts:upload.title'), { exact: true }).fill(title);
  // The picker's label also holds its own button and file name text: matched from its start.
  await upload.getByLabel(new RegExp(`^${t('artifacts:upload.file')}`)).setInputFiles({ name: 'diploma.pdf', mimeType: 'application/pdf', buffer: file });
  await expect(upload.getByText('diploma.pdf')).toBeVisible();
  await upload.getByRole('button', { name: t('artifacts:upload.submit'), exact: true }).click();
  // Stored: unverified, with the hash of exactly these bytes; the form is empty for the next one.
  const artifact = section(page, title);
  await expect(upload.getByText(t('file.none'))).toBeVisible();
  await expect(upload.getByLabel(t('artifacts:upload.title'), { exact: true })).toHaveValue('');
  await expect(artifact.getByText(exact(t('artifacts:labels.unverified')))).toBeVisible();
  await expect(artifact.getByText(`sha256 0x${createHash('sha256').update(file).digest('hex')}`)).toBeVisible();
  await screen(page, 'artifacts-uploaded');

  // Asked of the verified university, found by name.
  await artifact.getByRole('button', { name: t('artifacts:reviews.ask'), exact: true }).click();
  const ask = artifact.getByRole('form', { name: t('artifacts:reviews.ask'), exact: true });
  await ask.getByLabel(t('organizationPicker.search'), { exact: true }).fill(name);
  await ask.getByRole('button', { name: new RegExp(name) }).click();
  await expect(ask.getByText(t('organizationPicker.chosen'))).toBeVisible();
  await ask.getByLabel(t('artifacts:reviews.note'), { exact: true }).fill('Class of 2018');
  await screen(page, 'artifacts-ask');
  await ask.getByRole('button', { name: t('artifacts:reviews.send'), exact: true }).click();
  await expect(ask).toHaveCount(0);
  await expect(artifact.getByText(exact(t('artifacts:reviews.states.pending')))).toBeVisible();
  await expect(artifact.getByText(name, { exact: true })).toBeVisible();
  await screen(page, 'artifacts-review-pending');

  // The manager confirms it: a certificate with the file as its evidence.
  const manager = await telegramUser({ id: managerId, path: `/app/organization/${org}/inbox` });
  const m = manager.page;
  await expect(m.getByRole('heading', { level: 1, name })).toBeVisible();
  const files = section(m, t('organization:inbox.artifacts'));
  await expect(files.getByText(title, { exact: true })).toBeVisible();
  await expect(files.getByText('Class of 2018')).toBeVisible();
  await files.getByRole('button', { name: t('organization:inbox.confirm'), exact: true }).click();
  const confirm = files.getByRole('form', { name: t('organization:inbox.confirm'), exact: true });
  await confirm.getByLabel(t('certificates:fields.kind'), { exact: true }).selectOption('diploma');
  await expect(confirm.getByLabel(t('organization:document.title'), { exact: true })).toHaveValue(title);
  await confirm.getByLabel(t('organization:document.description'), { exact: true }).fill('Bachelor of Engineering, confirmed from the scan');
  await screen(m, 'organization-inbox-artifact');
  await confirm.getByRole('button', { name: t('organization:inbox.confirm'), exact: true }).click();
  // Confirmed on chain: it leaves the queue.
  await expect(files.getByText(title, { exact: true })).toHaveCount(0, { timeout: 90_000 });
  await expect(files.getByText(t('organization:inbox.empty'))).toBeVisible();
  await screen(m, 'organization-inbox-artifact-confirmed');

  // The seeker sees it confirmed, linking to the certificate issued for it.
  await page.reload();
  const issuedLink = artifact.getByRole('link', { name: new RegExp(t('artifacts:reviews.states.confirmed')) });
  await expect(issuedLink).toContainText(name);
  const id = Number(/\/certificates\/(\d+)/.exec((await issuedLink.getAttribute('href')) ?? '')?.[1]);
  expect(id).toBeGreaterThan(0);
  await expect(issuedLink).toContainText(t('artifacts:reviews.certificate', { id }));
  await screen(page, 'artifacts-confirmed');
  await issuedLink.click();
  await expect(page).toHaveURL(new RegExp(`/app/certificates/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
});

test('a person asks for certificates; a manager approves one and rejects another in the inbox; the person sees both outcomes', async ({ telegramUser, lang }) => {
  const t = texts(lang);
  const adminId = newTelegramId();
  const admin = await telegramSession(adminId, lang);
  const name = unique('Yandex Practicum');
  const org = await verifiedOrganization(admin, name, 'course_provider');
  const personId = newTelegramId();
  const person = await telegramSession(personId, lang);

  // Asked in the app, from the certificates screen.
  const { page } = await telegramUser({ id: personId, path: '/app/certificates' });
  await expect(page.getByRole('heading', { level: 1, name: t('certificates:title') })).toBeVisible();
  await page.getByRole('button', { name: t('certificates:request.open'), exact: true }).click();
  const form = page.getByRole('form', { name: t('certificates:request.header'), exact: true });
  await form.getByLabel(t('organizationPicker.search'), { exact: true }).fill(name);
  await form.getByRole('button', { name: new RegExp(name) }).click();
  await expect(form.getByText(t('organizationPicker.chosen'))).toBeVisible();
  await form.getByLabel(t('certificates:fields.kind'), { exact: true }).selectOption('course');
  const approved = unique('Python backend course');
  await form.getByLabel(t('certificates:fields.title'), { exact: true }).fill(approved);
  await form.getByLabel(t('certificates:fields.description'), { exact: true }).fill('Finished all 12 sprints and the final project');
  await form.getByLabel(t('certificates:fields.skills'), { exact: true }).fill('python, django');
  await screen(page, 'certificate-request-form');
  await form.getByRole('button', { name: t('certificates:request.submit'), exact: true }).click();
  // A chain write; then the form closes and the request is listed, pending.
  await expect(form).toHaveCount(0, { timeout: 90_000 });
  const mine = section(page, t('certificates:request.mine'));
  await expect(mine.getByText(approved, { exact: true })).toBeVisible();
  await expect(mine.getByText(exact(t('certificates:request.states.pending')))).toBeVisible();
  await screen(page, 'certificate-requests-mine');

  // A second request (through the API), for the manager to reject.
  const rejected = unique('Go course');
  await call('POST', '/v1/me/certificate-requests', {
    token: person.token,
    key: `${rejected} request`,
    body: { organization_id: org, kind: 'course', title: rejected, description: '', skills: [], evidence: [] },
  });

  const manager = await telegramUser({ id: adminId, path: `/app/organization/${org}/inbox` });
  const m = manager.page;
  await expect(m.getByRole('heading', { level: 1, name })).toBeVisible();
  const inbox = section(m, t('organization:inbox.requests'));
  // A request: its title, who asked, its state (and, while pending, the decision buttons).
  const request = (title: string) =>
    inbox
      .locator('div')
      .filter({ has: m.getByText(title, { exact: true }) })
      .filter({ hasText: `@${person.handle}` })
      .last();
  const decide = (title: string, action: string) =>
    inbox
      .locator('div')
      .filter({ has: m.getByText(title, { exact: true }) })
      .last()
      .locator('xpath=ancestor-or-self::div[.//button][1]')
      .getByRole('button', { name: action, exact: true });
  await expect(request(approved)).toBeVisible();
  await expect(request(rejected)).toBeVisible();
  await expect(request(approved)).toContainText(t('organization:inbox.states.pending'));
  await screen(m, 'organization-inbox-requests');
  await decide(approved, t('organization:inbox.approve')).click();
  await expect(request(approved)).toContainText(t('organization:inbox.states.approved'), { timeout: 90_000 });
  await decide(rejected, t('organization:inbox.reject')).click();
  await expect(request(rejected)).toContainText(t('organization:inbox.states.rejected'), { timeout: 90_000 });
  await expect(inbox.getByRole('button', { name: t('organization:inbox.approve'), exact: true })).toHaveCount(0);
  await screen(m, 'organization-inbox-decided');

  // The person: the approved one issued (in the list, and the request links to it), the other rejected.
  await page.reload();
  await expect(page.getByRole('link', { name: new RegExp(approved) }).first()).toBeVisible();
  await expect(mine.getByText(approved, { exact: true })).toBeVisible();
  await expect(mine.getByRole('link', { name: new RegExp(t('certificates:request.states.approved')) })).toContainText(approved);
  await expect(mine.locator('div').filter({ hasText: rejected }).last()).toContainText(t('certificates:request.states.rejected'));
  await screen(page, 'certificate-requests-decided');
});

test('an admin creates a tenure program; the operator lists the issuers with the control to suspend one', async ({ telegramUser, walletUser, lang }) => {
  const t = texts(lang);
  const adminId = newTelegramId();
  const admin = await telegramSession(adminId, lang);
  const name = unique('Kama Steel');
  const org = await verifiedOrganization(admin, name, 'employer');

  const { page } = await telegramUser({ id: adminId, path: `/app/organization/${org}/tenure` });
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  const programs = section(page, t('organization:tenure.header'));
  await expect(programs.getByText(t('organization:tenure.none'))).toBeVisible();
  const form = page.getByRole('form', { name: t('organization:tenure.create'), exact: true });
  const program = unique('Five years with us');
  await form.getByLabel(t('organization:tenure.title'), { exact: true }).fill(program);
  await form.getByLabel(t('organization:tenure.description'), { exact: true }).fill('An award for five years of work');
  await form.getByLabel(t('organization:tenure.days'), { exact: true }).fill('1825');
  await screen(page, 'organization-tenure');
  await form.getByRole('button', { name: t('organization:tenure.submit'), exact: true }).click();
  // On chain, then listed (from the chain mirror) with its milestone.
  await expect(programs.getByText(program, { exact: true })).toBeVisible({ timeout: 90_000 });
  await expect(programs.getByText(t('organization:tenure.milestone', { count: 1825 }), { exact: true })).toBeVisible();
  await expect(form.getByLabel(t('organization:tenure.title'), { exact: true })).toHaveValue('');
  await screen(page, 'organization-tenure-created');

  // The operator (//Alice) signs in with the wallet and opens the issuers: the newest, this
  // organization's, active and suspendable.
  const operator = await walletUser();
  const o = operator.page;
  await o.getByRole('button', { name: t('auth:wallet.signIn') }).click();
  await o.getByRole('button', { name: new RegExp(operator.wallet!.name) }).click();
  await expect(o).not.toHaveURL(/sign-in/);
  await o.getByRole('navigation', { name: t('nav.label') }).getByRole('link', { name: t('nav.operator') }).click();
  await expect(o.getByRole('heading', { level: 1, name: t('operator:title') })).toBeVisible();
  await o.getByRole('tab', { name: t('operator:tabs.issuers'), exact: true }).click();
  const issuers = section(o, t('operator:issuers.header'));
  const suspend = o.getByRole('button', { name: t('operator:issuers.suspend'), exact: true });
  const issuer = issuers.locator('div').filter({ hasText: name }).filter({ has: suspend }).last();
  await expect(issuer).toBeVisible();
  await expect(issuer).toContainText(t('operator:issuers.stateActive'));
  await screen(o, 'operator-issuers');
  // The control: asks for a reason first (cancelled here: suspending is a chain write of its own).
  await issuer.getByRole('button', { name: t('operator:issuers.suspend'), exact: true }).click();
  const reason = o.getByRole('form', { name: t('operator:issuers.reason'), exact: true });
  await expect(reason.getByLabel(t('operator:issuers.reason'), { exact: true })).toBeVisible();
  await screen(o, 'operator-issuers-suspend');
  await reason.getByRole('button', { name: t('cancel'), exact: true }).click();
  await expect(reason).toHaveCount(0);
});
