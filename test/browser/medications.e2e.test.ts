import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();

describe('Medications in a real browser', () => {
  it('signs in as a Veteran, lists prescriptions, shows the renewal link only where renewal applies, and requests a refill', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await expect.poll(() => page.url()).toContain('/my-health/medications');
    await page.getByRole('heading', { level: 1, name: 'Medications' }).waitFor();
    const cards = page.getByTestId('medication-card');
    await expect.poll(() => cards.count()).toBe(9);
    await expectNoAxeViolations(page);

    // Renewal link appears exactly on the two renewal-eligible prescriptions.
    const renewLinks = page.getByRole('link', { name: 'Send a renewal request message' });
    expect(await renewLinks.count()).toBe(2);
    const renewableRx = await page.locator('[data-testid^="renew-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(renewableRx.sort()).toEqual(['renew-2719547', 'renew-3636412']);
    const href = await page.getByTestId('renew-2719547').getAttribute('href');
    expect(href).toMatch(/^\/my-health\/secure-messages\/new-message\?prescriptionId=[0-9a-f-]{36}$/);

    // Refill a refillable prescription.
    const card = page.locator('[data-rx-number="2719536"]');
    await card.getByRole('button', { name: /Request a refill/ }).click();
    await expect.poll(() => page.getByTestId('refill-alert').textContent()).toContain('We got your refill request');
    await expect.poll(() => card.getByTestId('status').textContent()).toBe('Active: Submitted');
    await expect.poll(() => card.getByRole('button', { name: /Request a refill/ }).count()).toBe(0);
    await context.close();
  });

  it('shows prescription details with no accessibility violations, and follows the renewal link', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await page.getByRole('link', { name: 'LISINOPRIL 10MG TAB' }).click();
    await page.getByRole('heading', { level: 1, name: 'LISINOPRIL 10MG TAB' }).waitFor();
    expect(await page.getByText('You have no refills left').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Send a renewal request message' }).click();
    await page.getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click(); // VA.gov's leaving dialog
    await page.waitForURL(/\/my-health\/secure-messages\/new-message\?prescriptionId=/);
    await context.close();
  });

  it('sends a signed-out visitor to sign in, and the sign-in page is accessible', async () => {
    const { context, page } = await h.newPage();
    await page.goto('/my-health/medications');
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: /^Sign in as Jordan Rivera/ }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: /^Sign in as Jordan Rivera/ }).click();
    await page.waitForURL(/\/my-health\/medications$/);
    await context.close();
  });
});
