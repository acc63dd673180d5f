/**
 * The Meds → SM renewal journey in a real browser against the real system (API, web UI, worker):
 * Alex leaves Medications through VA.gov's dialog, passes the interstitial, picks a care team the
 * VA.gov way (recent teams → "A different care team" → health care system → team), sends the
 * prefilled request and lands back on Medications with "Message Sent"; the care team answers;
 * Alex reads the reply. Also: the duplicate-request warning, the prescription-can't-be-loaded
 * variant with the delete-draft confirmation, a general message by keyboard, Casey with no care
 * team, and someone else's prescription. Every page visited is checked with axe; each step is
 * photographed at 1280 and 390 px into .data/screenshots/renewal/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectIconsDrawn, expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();

const SUBJECT = 'Renewal Needed';
const SHOTS = path.resolve('.data/screenshots/renewal');
mkdirSync(SHOTS, { recursive: true });

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

/** Axe, then a screenshot at 1280 and at 390 px (full page, or the viewport while a modal is open). */
async function step(page: Page, name: string, opts: { fullPage?: boolean } = {}): Promise<void> {
  await expectNoAxeViolations(page);
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: opts.fullPage ?? true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Whether the va-modal with this test id (inside `scope`, e.g. one prescription's card) is open. */
const modalOpen = (scope: Page | Locator, testId: string) => scope.getByTestId(testId).evaluate((el) => (el as HTMLElement & { visible: boolean }).visible);

describe('Renewal request journey (Medications → Secure Messaging → care team → Veteran)', () => {
  it('Alex sends a prefilled renewal request the VA.gov way, returns to Medications, Dr. Shah replies, Alex reads it', async () => {
    const { context, page } = await h.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await step(page, '01-medications');

    // --- the leaving dialog: opens on the link, focus moves into it, Escape closes it and focus returns
    const card = page.locator('[data-rx-number="2719547"]');
    const link = card.getByRole('link', { name: 'Send a renewal request message' });
    await link.click();
    await expect.poll(() => modalOpen(card, 'renewal-leaving-dialog')).toBe(true);
    await page.getByRole('heading', { name: 'You’re leaving medications to send a message' }).waitFor();
    expect(await card.getByTestId('renewal-leaving-dialog').textContent()).toContain('We’ll pre-fill your prescription details in the message.');
    expect(await card.getByTestId('renewal-leaving-dialog').textContent()).toContain('call your VA pharmacy’s automated refill line');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('va-modal') !== null || document.activeElement?.tagName === 'VA-MODAL'))
      .toBe(true);
    // The dialog's close (X) is a va-icon drawn from the design system's sprite, served by the app.
    expect(
      await card
        .getByTestId('renewal-leaving-dialog')
        .evaluate((el) => el.shadowRoot?.querySelector('va-icon')?.shadowRoot?.querySelector('use')?.getAttribute('href') ?? ''),
    ).toMatch(/\/assets\/sprite-[\w-]+\.svg#close$/);
    expect(await expectIconsDrawn(page, 'leaving dialog')).toBeGreaterThan(0);
    await step(page, '02-leaving-dialog', { fullPage: false });
    await page.keyboard.press('Escape');
    await expect.poll(() => modalOpen(card, 'renewal-leaving-dialog')).toBe(false);
    expect(new URL(page.url()).pathname).toBe('/my-health/medications');
    await expect.poll(() => link.evaluate((el) => el === document.activeElement)).toBe(true);
    await link.click();
    await expect.poll(() => modalOpen(card, 'renewal-leaving-dialog')).toBe(true);
    await card.getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click();

    // --- interstitial (where the seed plan puts it)
    await page.waitForURL(/\/my-health\/secure-messages\/new-message\?prescriptionId=[0-9a-f-]{36}$/);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByText('You’re requesting a renewal').waitFor();
    expect(await page.getByTestId('renewal-summary').textContent()).toContain('LISINOPRIL 10MG TAB');
    expect(await page.getByText('Your care team may take up to 3 business days to reply.').count()).toBe(1);
    expect(await page.getByTestId('pending-renewal').count()).toBe(0);
    expect(await page.title()).toBe('Only use messages for non-urgent needs - Messages | Veterans Affairs');
    await step(page, '03-interstitial');

    // --- recent care teams: Alex wrote to Aurora primary care 20 days ago; nothing preselected
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/new-message\/recent\?prescriptionId=/);
    await h1(page, 'Care teams you recently sent messages to');
    const recent = page.getByTestId('recent-care-teams');
    await recent.getByRole('radio', { name: /Aurora Primary Care - Green Team/ }).waitFor();
    expect(await recent.getByRole('radio').count()).toBe(2);
    expect(await recent.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await page.getByTestId('blocked-teams-alert').count()).toBe(0); // one blocked team: named on the next step (VA.gov)
    await page.getByRole('button', { name: 'Continue to start message' }).click();
    await expect.poll(() => recent.getAttribute('error')).toBe('Select a care team');
    await step(page, '04-recent-care-teams');
    await recent.getByRole('radio', { name: 'A different care team' }).check();
    await page.getByRole('button', { name: 'Continue to start message' }).click();

    // --- select care team: the system first (two → radios), then the team; the prescription's team is suggested, not selected
    await page.waitForURL(/\/new-message\/select-care-team\?prescriptionId=/);
    await h1(page, 'Select care team');
    const systems = page.getByTestId('health-care-system');
    await systems.getByRole('radio').first().waitFor();
    expect(
      await systems
        .getByRole('radio')
        .allTextContents()
        .then(() => systems.getByRole('radio').count()),
    ).toBe(2);
    expect(await systems.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await page.getByTestId('blocked-teams-alert').textContent()).toContain('You can’t send messages to Cheyenne Cardiology');
    expect(await page.getByTestId('suggested-team').textContent()).toContain('Cheyenne Primary Care - Blue Team');
    expect(await page.getByRole('link', { name: 'Learn what to do if you can’t find your care team' }).count()).toBe(1);
    expect(await page.getByTestId('contact-list-note').count()).toBe(1);
    await step(page, '05-select-system');
    await systems.getByRole('radio', { name: /Cheyenne VA Medical Center/ }).check();
    const teams = page.getByTestId('care-team');
    const suggested = teams.getByRole('radio', { name: /Cheyenne Primary Care - Blue Team/ });
    await suggested.waitFor();
    expect(await suggested.isChecked()).toBe(false);
    expect(await teams.getByRole('radio', { name: /Cheyenne Cardiology/ }).count()).toBe(0); // blocked
    expect(await page.locator('va-radio-option[label="Cheyenne Primary Care - Blue Team"]').getAttribute('description')).toContain(
      'Suggested for this prescription',
    );
    await step(page, '06-select-team');
    await suggested.check();
    await page.getByRole('button', { name: 'Continue to start message' }).click();

    // --- prefilled message: VA.gov's subject, locked category, nine lines, hint
    await page.waitForURL(/\/new-message\/start-message\?prescriptionId=[0-9a-f-]{36}&draftId=[0-9a-f-]{36}$/);
    await h1(page, 'Start a new message');
    const subject = page.getByLabel('Subject');
    const body = page.getByLabel('Message', { exact: false }).and(page.locator('textarea'));
    await body.waitFor();
    await expect.poll(() => subject.inputValue()).toBe(SUBJECT);
    expect(await page.getByTestId('locked-category').textContent()).toBe('CategoryMedication');
    expect(await page.locator('va-select[name="category"]').count()).toBe(0);
    const prefilled = await body.inputValue();
    expect(prefilled.split('\n').slice(0, 4)).toEqual([
      'Medication name, strength, and form: LISINOPRIL 10MG TAB',
      'Prescription number: 2719547',
      'Instructions: TAKE ONE TABLET BY MOUTH DAILY',
      'Provider who prescribed it: Priya Shah, MD',
    ]);
    expect(prefilled).toContain('Reason for use: Reason for use not available');
    expect(prefilled).not.toContain('1012345678V123456');
    expect(await page.locator('va-textarea[name="body"]').getAttribute('hint')).toMatch(
      /^Review the medication details we added to your message\. [0-9,]+ characters left$/,
    );
    expect(await page.getByText('Cheyenne Primary Care - Blue Team (Cheyenne VA Medical Center)').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Edit signature for all messages' }).count()).toBe(1);
    await step(page, '07-prefilled-message');

    // --- edit, autosave, reload: the edit survives
    await body.fill(`${prefilled}\nI have 5 days of tablets left.`);
    await expect.poll(() => page.getByTestId('autosave-status').textContent(), { timeout: 10_000 }).toContain('Your draft was saved');
    await page.reload();
    await h1(page, 'Start a new message');
    await expect.poll(() => body.inputValue(), { timeout: 10_000 }).toContain('I have 5 days of tablets left.');

    // --- inline validation: an empty subject is reported on the field, nothing is sent
    await subject.fill('');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('va-text-input[name="subject"]').getAttribute('error')).toBe('Enter a subject');
    await expectNoAxeViolations(page);
    await subject.fill(SUBJECT);

    // --- send → back to Medications, "Message Sent" focused, with a link to the sent message
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL(/\/my-health\/medications\?rxRenewalMessageSuccess=true&sentThreadId=[0-9a-f-]{36}$/);
    await h1(page, 'Medications');
    const alert = page.getByTestId('renewal-sent-alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Message Sent');
    expect(await alert.textContent()).toContain(
      'We shared your renewal request with your selected provider. It can take up to 3 days for your medication status to change.',
    );
    await expect.poll(() => alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await step(page, '08-back-on-medications');
    await alert.getByRole('link', { name: 'Review your sent message' }).click();
    await h1(page, SUBJECT);
    await expect.poll(() => page.getByTestId('thread-message').first().textContent()).toContain('I have 5 days of tablets left.');
    await expectNoAxeViolations(page);
    await context.close();

    // --- Dr. Shah (a member of the Cheyenne primary-care team) sees it, flagged, and replies
    const doc = await h.newPage();
    await h.signIn(doc.page, 'Priya Shah, MD');
    await doc.page.waitForURL(/\/care-team\/inbox$/);
    await h1(doc.page, 'Care team inbox');
    const item = doc.page.getByTestId('care-team-thread').filter({ hasText: SUBJECT });
    await item.waitFor();
    expect(await item.getByTestId('renewal-tag').textContent()).toBe('Renewal request');
    expect(await item.textContent()).toContain('From Alex Morgan');
    await expectNoAxeViolations(doc.page);
    await item.getByRole('link', { name: `Medications: ${SUBJECT}` }).click();
    await h1(doc.page, SUBJECT);
    await doc.page.getByTestId('renewal-flag').waitFor();
    expect(await doc.page.getByTestId('thread-message').first().textContent()).toContain('Instructions: TAKE ONE TABLET BY MOUTH DAILY');
    await expectNoAxeViolations(doc.page);
    await doc.page.getByLabel('Reply').fill('We renewed your lisinopril. It ships this week.');
    await doc.page.getByRole('button', { name: 'Send reply' }).click();
    await doc.page.getByTestId('reply-outcome').waitFor();
    await expect.poll(() => doc.page.getByTestId('thread-message').count()).toBe(2);
    await expectNoAxeViolations(doc.page);
    await doc.context.close();

    // --- Alex signs in again and reads the reply in the Inbox
    const back = await h.newPage();
    await h.signIn(back.page, 'Alex Morgan');
    await back.page.goto('/my-health/secure-messages/inbox');
    await h1(back.page, 'Inbox');
    const reply = back.page.getByTestId('message-item').filter({ hasText: SUBJECT });
    await reply.waitFor();
    expect(await reply.textContent()).toContain('From: Priya Shah, MD');
    expect(await reply.textContent()).toContain('New');
    await expectNoAxeViolations(back.page);
    await reply.getByRole('link').click();
    await h1(back.page, SUBJECT);
    await expect.poll(() => back.page.getByTestId('thread-message').last().textContent()).toContain('We renewed your lisinopril.');
    await expectNoAxeViolations(back.page);
    await back.context.close();
  }, 300_000);

  it('the leaving dialog is on the prescription details page too; Back keeps the Veteran there', async () => {
    const rx = (await h.system.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '3636412').executeTakeFirstOrThrow()).id;
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await page.goto(`/my-health/medications/prescription/${rx}`);
    const link = page.getByRole('link', { name: 'Send a renewal request message' });
    await link.click();
    await expect.poll(() => modalOpen(page, 'renewal-leaving-dialog')).toBe(true);
    await expectNoAxeViolations(page);
    await page.getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => modalOpen(page, 'renewal-leaving-dialog')).toBe(false);
    expect(new URL(page.url()).pathname).toBe(`/my-health/medications/prescription/${rx}`);
    await context.close();
  });

  it('Continue pressed before va-modal has set itself up leaves the next page readable (no stray aria-hidden, no scroll lock)', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await page.getByTestId('renew-2719547').waitFor();
    // va-modal applies aria-hidden to the page and locks scrolling one animation frame after it
    // renders. Frames are slowed here (as on a loaded machine) and Continue is pressed as soon as
    // it exists, inside that frame: before the fix the next page's root stayed aria-hidden.
    const pressedBeforeSetup = await page.evaluate(async () => {
      const raf = window.requestAnimationFrame.bind(window);
      window.requestAnimationFrame = (cb) => raf(() => setTimeout(() => cb(performance.now()), 300));
      const link = document.querySelector<HTMLElement>('[data-testid="renew-2719547"]')!;
      link.click();
      const modal = link.parentElement!.querySelector('va-modal')!;
      for (let i = 0; i < 5000; i++) {
        const continueButton = modal.shadowRoot?.querySelector('va-button')?.shadowRoot?.querySelector('button');
        if (continueButton) {
          const setUp = document.querySelectorAll('body > [aria-hidden="true"]').length > 0;
          continueButton.click();
          return !setUp;
        }
        await new Promise((r) => setTimeout(r, 0));
      }
      throw new Error('the dialog’s Continue button never rendered');
    });
    expect(pressedBeforeSetup).toBe(true);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.waitForTimeout(1500); // several slowed frames: any late setup would have run by now
    expect(await page.evaluate(() => [...document.querySelectorAll('[aria-hidden="true"]')].map((e) => e.id || e.tagName))).toEqual([]);
    expect(await page.evaluate(() => document.body.style.overflow)).toBe('');
    expect(await page.getByRole('link', { name: 'Continue to start message' }).count()).toBe(1);
    await context.close();
  });

  it('an unanswered request for the same prescription is shown on the interstitial; sending another needs an explicit choice', async () => {
    const db = h.system.ctx.db;
    const alexId = (await db.selectFrom('users').select('patient_id').where('external_subject', '=', 'mock:alex').executeTakeFirstOrThrow()).patient_id!;
    const metformin = (await db.selectFrom('prescriptions').select('id').where('rx_number', '=', '3636412').executeTakeFirstOrThrow()).id;
    const pc554 = (await db.selectFrom('care_teams').select('id').where('name', '=', 'Aurora Primary Care - Green Team').executeTakeFirstOrThrow()).id;
    const sentAt = new Date(Date.now() - 2 * 86_400_000);
    const thread = await db
      .insertInto('message_threads')
      .values({
        patient_id: alexId,
        care_team_id: pc554,
        category: 'MEDICATIONS',
        subject: SUBJECT,
        renewal_prescription_id: metformin,
        created_at: sentAt,
        last_message_at: sentAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('messages')
      .values({
        thread_id: thread.id,
        sender_type: 'veteran',
        sender_clinician_id: null,
        body: 'Please renew my metformin.',
        sent_at: sentAt,
        read_at: null,
        notification_id: null,
        notified_at: null,
      })
      .execute();

    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await page.locator('[data-rx-number="3636412"]').getByRole('link', { name: 'Send a renewal request message' }).click();
    await page.getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click();
    await h1(page, 'Only use messages for non-urgent needs');
    const warning = page.getByTestId('pending-renewal');
    await warning.waitFor();
    expect(await warning.textContent()).toContain('You already sent a renewal request for this prescription');
    expect(await warning.getByRole('link', { name: 'Review the request you sent' }).getAttribute('href')).toBe(
      `/my-health/secure-messages/thread/${thread.id}`,
    );
    expect(await page.getByRole('link', { name: 'Continue to start message' }).count()).toBe(0);
    await step(page, '09-duplicate-warning');

    // The server refuses a duplicate draft too, unless the Veteran chose to send another.
    await page.getByRole('button', { name: 'Send another request' }).click();
    await page.getByTestId('send-another-chosen').waitFor();
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/new-message\/recent\?prescriptionId=[0-9a-f-]{36}&sendAnother=1$/);
    await h1(page, 'Care teams you recently sent messages to');
    await page
      .getByTestId('recent-care-teams')
      .getByRole('radio', { name: /Aurora Primary Care - Green Team/ })
      .check();
    await page.getByRole('button', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/start-message\?prescriptionId=[0-9a-f-]{36}&sendAnother=1&draftId=/);
    await expect.poll(() => page.getByLabel('Subject').inputValue()).toBe(SUBJECT);
    expect(await page.getByLabel('Message', { exact: false }).and(page.locator('textarea')).inputValue()).toContain('METFORMIN HCL 500MG TAB');
    await context.close();
  });

  it('when the prescription can’t be loaded, the message keeps the labels with blank values and VA.gov’s warning; the draft can be deleted after a confirmation', async () => {
    const db = h.system.ctx.db;
    const levo = (await db.selectFrom('prescriptions').select('id').where('rx_number', '=', '3636467').executeTakeFirstOrThrow()).id;
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Jordan Rivera');
    await h1(page, 'Medications');
    // The prescription service fails for the interstitial's lookup ...
    await page.route('**/api/messaging/renewals/**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ statusCode: 503, code: 'unavailable', message: 'Prescriptions are unavailable', errors: [] }),
      }),
    );
    await page.goto(`/my-health/secure-messages/new-message?prescriptionId=${levo}`);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByTestId('renewal-unavailable').waitFor();
    await step(page, '10-interstitial-rx-unavailable');
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    // Jordan has no recent teams: straight to "Select care team".
    await page.waitForURL(/\/new-message\/select-care-team\?prescriptionId=/);
    await h1(page, 'Select care team');
    await page
      .getByTestId('health-care-system')
      .getByRole('radio', { name: /Rocky Mountain/ })
      .check();
    await page
      .getByTestId('care-team')
      .getByRole('radio', { name: /Aurora Primary Care - Green Team/ })
      .check();
    // ... and for the server's lookup when the draft starts.
    await sql`alter table prescriptions rename to prescriptions_offline`.execute(db);
    try {
      await page.getByRole('button', { name: 'Continue to start message' }).click();
      await page.waitForURL(/\/start-message\?prescriptionId=[0-9a-f-]{36}&draftId=/);
      await page.getByTestId('add-medication-info').waitFor();
    } finally {
      await sql`alter table prescriptions_offline rename to prescriptions`.execute(db);
    }
    await h1(page, 'Start a new message');
    expect(await page.getByTestId('add-medication-info').textContent()).toContain('Add your medication information to this message');
    const body = page.getByLabel('Message', { exact: false }).and(page.locator('textarea'));
    await expect.poll(() => body.inputValue()).toContain('Medication name, strength, and form: \nPrescription number: \nInstructions: ');
    expect(await page.getByLabel('Subject').inputValue()).toBe(SUBJECT);
    expect(await page.locator('va-textarea[name="body"]').getAttribute('hint')).toMatch(
      /^Include as many of these medication details as possible\. [0-9,]+ characters left$/,
    );
    expect(await page.getByTestId('locked-category').textContent()).toBe('CategoryMedication');
    await step(page, '11-prefill-unavailable');

    await page.getByRole('button', { name: 'Delete draft', exact: true }).click();
    await expect.poll(() => modalOpen(page, 'delete-draft-modal')).toBe(true);
    await page.getByRole('heading', { name: 'Delete this draft?' }).waitFor();
    await step(page, '12-delete-draft-confirmation', { fullPage: false });
    await page.getByTestId('delete-draft-modal').getByRole('button', { name: 'Delete draft' }).click();
    await page.waitForURL(/\/my-health\/medications$/);
    expect(await db.selectFrom('message_drafts').select('id').where('prefill_state', '=', 'unavailable').execute()).toEqual([]);
    await context.close();
  });

  it('a general message can be written and sent with the keyboard (nothing preselected, category chosen)', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await page.goto('/my-health/secure-messages/new-message');
    await h1(page, 'Only use messages for non-urgent needs');
    expect(await page.getByTestId('renewal-summary').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Continue to start message' }).focus();
    await page.keyboard.press('Enter');
    await h1(page, 'Care teams you recently sent messages to');
    const option = page.getByTestId('recent-care-teams').getByRole('radio', { name: /Aurora Primary Care - Green Team/ });
    await option.waitFor();
    expect(await option.isChecked()).toBe(false);
    await option.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => option.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Continue to start message' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/start-message\?draftId=/);
    await h1(page, 'Start a new message');
    // Send with nothing filled in: every field reports its own error.
    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('va-select[name="category"]').getAttribute('error')).toBe('Select a category');
    expect(await page.locator('va-text-input[name="subject"]').getAttribute('error')).toBe('Enter a subject');
    expect(await page.locator('va-textarea[name="body"]').getAttribute('error')).toBe('Enter a message');
    await expectNoAxeViolations(page);
    await page.getByLabel('Category').selectOption('OTHER');
    await page.getByLabel('Subject').fill('Travel pay question');
    await page.getByLabel('Message', { exact: false }).and(page.locator('textarea')).fill('How do I file for travel pay?');
    await page.getByRole('button', { name: 'Send', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/my-health\/secure-messages\/sent$/);
    const item = page.getByTestId('message-item').filter({ hasText: 'Travel pay question' });
    await item.waitFor();
    expect(await item.textContent()).toContain('General: Travel pay question');
    expect(await item.getByTestId('renewal-tag').count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('a team that requires it gets the electronic-signature box; send refuses without it; the messaging signature is edited from the editor', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    // The signature settings, linked from the editor.
    await page.goto('/my-health/secure-messages/settings/signature');
    await h1(page, 'Messages signature');
    await page.getByLabel('Signature name').fill('Alex Morgan');
    await page.getByLabel('Signature title').fill('U.S. Army veteran');
    await page.getByText('Add my signature to new messages').click();
    await page.getByRole('button', { name: 'Save signature' }).click();
    await page.getByTestId('signature-outcome').waitFor();
    await step(page, '14-signature-settings');

    await page.goto('/my-health/secure-messages/new-message/select-care-team');
    await h1(page, 'Select care team');
    await page
      .getByTestId('health-care-system')
      .getByRole('radio', { name: /Cheyenne VA Medical Center/ })
      .check();
    await page
      .getByTestId('care-team')
      .getByRole('radio', { name: /Cheyenne Release of Information/ })
      .check();
    await page.getByRole('button', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/start-message\?draftId=/);
    await h1(page, 'Start a new message');
    const body = page.getByLabel('Message', { exact: false }).and(page.locator('textarea'));
    await expect.poll(() => body.inputValue()).toBe('\n\n\nAlex Morgan\nU.S. Army veteran');
    await page.getByTestId('electronic-signature').waitFor();
    await page.getByLabel('Category').selectOption('OTHER');
    await page.getByLabel('Subject').fill('Records request');
    await body.fill('Please send my records.\n\n\nAlex Morgan\nU.S. Army veteran');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect.poll(() => page.locator('va-text-input[name="fullName"]').getAttribute('error')).toBe('Enter your full name');
    expect(await page.locator('va-checkbox[name="certified"]').getAttribute('error')).toBe('You must certify by checking the box.');
    // Focus moves to the first field in error.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('fullName');
    await step(page, '15-electronic-signature-required');
    await page.getByLabel('Your full name').fill('Alex Morgan');
    await page.getByText('I certify that the above is correct').click();
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL(/\/my-health\/secure-messages\/sent$/);
    await page.getByTestId('message-item').filter({ hasText: 'Records request' }).waitFor();
    await context.close();
  });

  it('Casey, who has no care team, is told what to do instead', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Casey Nguyen');
    await h1(page, 'Medications');
    await page.locator('[data-rx-number="2719603"]').getByRole('link', { name: 'Send a renewal request message' }).click();
    await page.getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click();
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByTestId('renewal-summary').waitFor();
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    await h1(page, 'Select care team');
    const guidance = page.getByTestId('no-care-team');
    await guidance.waitFor();
    const text = await guidance.textContent();
    expect(text).toContain('You’re not connected to any care teams in this messaging tool');
    expect(text).toContain('Call your VA pharmacy');
    expect(text).toContain('Cheyenne VA Medical Center');
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Continue to start message' }).count()).toBe(0);
    await step(page, '13-no-care-team');
    await context.close();
  });

  it('a renewal link for someone else’s prescription shows a clear error', async () => {
    const jordansRx = (await h.system.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '3636467').executeTakeFirstOrThrow()).id;
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await page.goto(`/my-health/secure-messages/new-message?prescriptionId=${jordansRx}`);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByTestId('renewal-error').waitFor();
    expect(await page.getByText('We can’t find that prescription').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Continue to start message' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
