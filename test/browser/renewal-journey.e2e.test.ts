/**
 * The Meds → SM renewal journey in a real browser against the real system (API, web UI, worker):
 * Alex requests a renewal through Secure Messaging, the care team answers, Alex reads the reply.
 * Also Casey, who has no care team, and a renewal link for someone else's prescription.
 * Every page visited is checked with axe.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();

const SUBJECT = 'Renewal request: LISINOPRIL 10MG TAB';
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

describe('Renewal request journey (Medications → Secure Messaging → care team → Veteran)', () => {
  it('Alex sends a prefilled renewal request; Dr. Shah replies; Alex reads the reply', async () => {
    // --- Alex: Medications → interstitial
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await expectNoAxeViolations(page);
    await page.locator('[data-rx-number="2719547"]').getByRole('link', { name: 'Send a renewal request message' }).click();
    await page.waitForURL(/\/my-health\/secure-messages\/new-message\?prescriptionId=[0-9a-f-]{36}$/);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByText('You’re requesting a renewal').waitFor();
    expect(await page.getByTestId('renewal-summary').textContent()).toContain('LISINOPRIL 10MG TAB');
    expect(await page.getByText('Your care team may take up to 3 business days to reply.').count()).toBe(1);
    expect(await page.locator('main').textContent()).toMatch(/Veterans Crisis Line/);
    expect(await page.title()).toBe('Only use messages for non-urgent needs - Messages | Veterans Affairs');
    await expectNoAxeViolations(page);

    // --- care-team selection: the prescriber's team at the prescription's facility is preselected
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/new-message\/select-care-team\?prescriptionId=/);
    await h1(page, 'Select a care team');
    const suggested = page.getByRole('radio', { name: /Cheyenne Primary Care - Blue Team/ });
    await suggested.waitFor();
    await expect.poll(() => suggested.isChecked()).toBe(true);
    expect(await page.getByRole('radio', { name: /Cheyenne Cardiology/ }).count()).toBe(0); // blocked
    expect(await page.getByRole('radio', { name: /Aurora Primary Care - Green Team/ }).count()).toBe(1);
    // Facility groups: the prescription's facility first.
    const groups = await page.locator('[data-testid^="care-team-group-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(groups).toEqual(['care-team-group-442', 'care-team-group-554']);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue' }).click();

    // --- prefilled message
    await page.waitForURL(/\/new-message\/start-message\?prescriptionId=[0-9a-f-]{36}&draftId=[0-9a-f-]{36}$/);
    await h1(page, 'Start a new message');
    const subject = page.getByLabel('Subject');
    const body = page.getByLabel('Message', { exact: false }).and(page.locator('textarea'));
    await body.waitFor();
    await expect.poll(() => subject.inputValue()).toBe(SUBJECT);
    const prefilled = await body.inputValue();
    expect(prefilled).toContain('Medication: LISINOPRIL 10MG TAB');
    expect(prefilled).toContain('Prescription number: 2719547');
    expect(prefilled).not.toContain('1012345678V123456');
    expect(await page.getByText('Cheyenne Primary Care - Blue Team (Cheyenne VA Medical Center)').count()).toBe(1);
    await expectNoAxeViolations(page);

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

    // --- send → Sent
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL(/\/my-health\/secure-messages\/sent$/);
    await h1(page, 'Sent');
    await page.getByTestId('sent-alert').waitFor();
    const sentItem = page.getByTestId('message-item').filter({ hasText: SUBJECT });
    await sentItem.waitFor();
    expect(await sentItem.getByTestId('renewal-tag').count()).toBe(1);
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
    expect(await doc.page.getByTestId('thread-message').first().textContent()).toContain('I have 5 days of tablets left.');
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
  });

  it('a general message can be written and sent with the keyboard (preferred team preselected, category chosen)', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await expectNoAxeViolations(page);
    await page.goto('/my-health/secure-messages/new-message');
    await h1(page, 'Only use messages for non-urgent needs');
    expect(await page.getByTestId('renewal-summary').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Continue to start message' }).focus();
    await page.keyboard.press('Enter');
    await h1(page, 'Select a care team');
    const preferred = page.getByRole('radio', { name: /Cheyenne Primary Care - Blue Team/ });
    await expect.poll(() => preferred.isChecked()).toBe(true);
    // Without a prescription the facility messaged most recently comes first, its recent team on top.
    const firstOption = page.locator('[data-testid^="care-team-group-"]').first().locator('va-radio-option').first();
    expect(await firstOption.getAttribute('description')).toContain('Recently messaged');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue' }).focus();
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

  it('Casey, who has no care team, is told what to do instead', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Casey Nguyen');
    await h1(page, 'Medications');
    await expectNoAxeViolations(page);
    await page.locator('[data-rx-number="2719603"]').getByRole('link', { name: 'Send a renewal request message' }).click();
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByTestId('renewal-summary').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    await h1(page, 'Select a care team');
    const guidance = page.getByTestId('no-care-team');
    await guidance.waitFor();
    const text = await guidance.textContent();
    expect(text).toContain('You don’t have a care team you can message');
    expect(text).toContain('Call your VA pharmacy');
    expect(text).toContain('Cheyenne VA Medical Center');
    expect(await page.getByRole('radio').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Continue' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('a renewal link for someone else’s prescription shows a clear error', async () => {
    const jordansRx = (await h.system.ctx.db.selectFrom('prescriptions').select('id').where('rx_number', '=', '3636467').executeTakeFirstOrThrow()).id;
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    await expectNoAxeViolations(page);
    await page.goto(`/my-health/secure-messages/new-message?prescriptionId=${jordansRx}`);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByTestId('renewal-error').waitFor();
    expect(await page.getByText('We can’t find that prescription').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Continue to start message' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await context.close();
  });
});
