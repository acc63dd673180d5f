import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pipelineDeps } from '../../src/tracking/pipeline.js';
import { ingestMessage } from '../../src/tracking/ingest/ingest.service.js';
import { checkLayoutAndScreenshot, expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();
const hl7 = (name: string) => readFileSync(new URL(`../../src/tracking/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');

async function pdfText(bytes: Buffer): Promise<string> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  const out: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) out.push((await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' '));
  await doc.destroy();
  return out.join(' ').replace(/\s+/g, ' ');
}

const cardNames = (page: Page) => page.getByTestId('medication-card').locator('h3').allTextContents();
const showing = (page: Page) => page.getByTestId('showing').textContent();

describe('Medications in a real browser', () => {
  it('lists prescriptions (reads right at 1280 and 390 px), shows the renewal link only where renewal applies, and requests a refill', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await expect.poll(() => page.url()).toContain('/my-health/medications');
    await page.getByRole('heading', { level: 1, name: 'Medications' }).waitFor();
    const cards = page.getByTestId('medication-card');
    await expect.poll(() => cards.count()).toBe(9);
    expect(await showing(page)).toBe('Showing 1 - 9 of 9 medications, alphabetically by status');
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'medications-list-alex');

    // Renewal link appears exactly on the two renewal-eligible prescriptions.
    const renewLinks = page.getByRole('link', { name: 'Send a renewal request message' });
    expect(await renewLinks.count()).toBe(2);
    const renewableRx = await page.locator('[data-testid^="renew-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    expect(renewableRx.sort()).toEqual(['renew-2719547', 'renew-3636412']);
    const href = await page.getByTestId('renew-2719547').getAttribute('href');
    expect(href).toMatch(/^\/my-health\/secure-messages\/new-message\?prescriptionId=[0-9a-f-]{36}$/);
    // Statuses explained: a non-VA medication, and "What does this status mean?".
    const fishOil = page.locator('[data-rx-number="2719570"]');
    expect(await fishOil.locator('[data-field="Status"] dd').textContent()).toBe('Active: Non-VA');
    expect(await fishOil.getByTestId('status-sentence').textContent()).toBe('You can’t manage this medication in this online tool.');
    await fishOil.getByTestId('status-dropdown').click();
    await fishOil.getByText('Over-the-counter medications, supplements, and herbal remedies').waitFor();

    // Refill a refillable prescription from its card.
    const card = page.locator('[data-rx-number="2719536"]');
    await card.getByRole('button', { name: /Request a refill/ }).click();
    await expect.poll(() => page.getByTestId('refill-alert').textContent()).toContain('We got your refill request');
    await expect.poll(() => card.locator('[data-field="Status"] dd').textContent()).toBe('Active: Submitted');
    await expect
      .poll(() => card.getByTestId('status-sentence').textContent())
      .toMatch(/^We got your request on \w+ \d{1,2}, \d{4}\. Check back for updates\.$/);
    await expect.poll(() => card.getByRole('button', { name: /Request a refill/ }).count()).toBe(0);
    await context.close();
  }, 90_000);

  it('shows prescription details with VA.gov’s fields, no accessibility violations, and follows the renewal link', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await page.getByRole('link', { name: 'LISINOPRIL 10MG TAB' }).click();
    await page.getByRole('heading', { level: 1, name: 'LISINOPRIL 10MG TAB' }).waitFor();
    expect(await page.getByText('You have no refills left').count()).toBeGreaterThan(0);
    const labels = await page.getByTestId('detail-fields').locator('dt').allTextContents();
    expect(labels).toEqual([
      'Prescription number',
      'Status',
      'Refills left',
      'Request refills by this prescription expiration date',
      'Facility',
      'Pharmacy phone number',
      'Instructions',
      'Reason for use',
      'Quantity',
      'Prescribed on',
      'Prescribed by',
    ]);
    expect(await page.locator('[data-field="Reason for use"] dd').textContent()).toBe('Not available');
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'prescription-details-lisinopril');
    await page.getByRole('link', { name: 'Send a renewal request message' }).click();
    await page.getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click(); // VA.gov's leaving dialog
    await page.waitForURL(/\/my-health\/secure-messages\/new-message\?prescriptionId=/);
    await context.close();
  }, 60_000);

  it('sorts, filters with counts and pages 10 at a time, done by the API; the sort is kept for the session', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Sam Taylor');
    await page.getByRole('heading', { level: 1, name: 'Medications' }).waitFor();
    await expect.poll(() => page.getByTestId('medication-card').count()).toBe(10);
    const total = Number(/of (\d+) medications/.exec((await showing(page)) ?? '')?.[1]);
    expect(total).toBeGreaterThanOrEqual(35);
    expect(await showing(page)).toBe(`Showing 1 - 10 of ${total} medications, alphabetically by status`);
    expect(await page.locator('va-pagination').count()).toBe(1);
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'medications-list-40-page1');

    // Page 2 through VA pagination: the API answers the next 10.
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/medications?')) requests.push(r.url());
    });
    const page1 = await cardNames(page);
    await page
      .locator('va-pagination')
      .getByRole('link', { name: /^2 of \d+ pages/ })
      .click();
    await expect.poll(() => showing(page)).toBe(`Showing 11 - 20 of ${total} medications, alphabetically by status`);
    expect(requests.some((u) => u.includes('page=2'))).toBe(true);
    const page2 = await cardNames(page);
    expect(page2.filter((n) => page1.includes(n))).toEqual([]);

    // Filter: the labels carry the counts; choosing one resets to page 1.
    const renewalLabel = await page.locator('label[for="filter-renewal"]').textContent();
    const renewalCount = Number(/\((\d+)\)/.exec(renewalLabel ?? '')?.[1]);
    expect(renewalCount).toBeGreaterThan(0);
    await page.locator('label[for="filter-renewal"]').click();
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await expect
      .poll(() => showing(page))
      .toBe(`Showing 1 - ${Math.min(10, renewalCount)} of ${renewalCount} renewal needed before refill medications, alphabetically by status`);
    expect(page.url()).toContain('filter=renewal');
    await checkLayoutAndScreenshot(page, 'medications-list-40-renewal-filter');

    // Sort by name; kept after a reload (sessionStorage), as on VA.gov.
    await page.locator('label[for="filter-all"]').click();
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByLabel('Show medications in this order').selectOption('alphabetical-rx-name');
    await page.getByRole('button', { name: 'Sort', exact: true }).click();
    await expect.poll(() => showing(page)).toBe(`Showing 1 - 10 of ${total} medications, alphabetically by name`);
    const names = (await cardNames(page)).slice(2); // two pending prescriptions first, as VA.gov puts them
    expect(names).toEqual([...names].sort());
    await page.reload();
    await expect.poll(() => showing(page)).toBe(`Showing 1 - 10 of ${total} medications, alphabetically by name`);
    await context.close();

    // No match: Casey has nothing recently requested.
    const casey = await h.newPage();
    await h.signIn(casey.page, 'Casey Nguyen');
    await casey.page.goto('/my-health/medications?filter=recently-requested');
    await casey.page.getByTestId('no-match').waitFor();
    expect(await casey.page.getByTestId('no-match').textContent()).toContain('We didn’t find any matches for this filter');
    await expectNoAxeViolations(casey.page);
    await checkLayoutAndScreenshot(casey.page, 'medications-list-no-match');
    await casey.context.close();
  }, 120_000);

  it('refill page: select all, request N refills, partial success says which succeeded and which failed and why', async () => {
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Sam Taylor');
    await page.goto('/my-health/medications/refill');
    await page.getByRole('heading', { level: 1, name: 'Refill prescriptions' }).waitFor();
    const boxes = page.locator('input[type="checkbox"][data-rx-number]');
    await expect.poll(() => boxes.count()).toBeGreaterThan(3);
    const n = await boxes.count();
    await page.getByText(`You have ${n} prescriptions ready to refill.`, { exact: true }).waitFor();
    expect(await page.getByTestId('renewal-note').textContent()).toContain('filter by “renewal needed before refill.”');
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'refill-page');

    // Nothing selected → VA.gov's error.
    await page.getByTestId('request-refills').click();
    await page.getByText('Select at least one prescription to refill').waitFor();

    await page.locator('label[for="select-all"]').click();
    expect(await page.getByLabel(`Select all ${n} refills`).isChecked()).toBe(true);
    expect(await page.getByTestId('request-refills').textContent()).toBe(`Request ${n} refills`);
    // Meanwhile the pharmacy puts one on hold: that one must fail, the rest go through.
    const held = await page.locator('input[type="checkbox"][data-rx-number]').first().getAttribute('data-rx-number');
    await h.system.ctx.db.updateTable('prescriptions').set({ status: 'active_on_hold' }).where('rx_number', '=', held!).execute();
    await page.getByTestId('request-refills').click();
    await page.getByTestId('refill-outcome').getByText('Only part of your request was submitted').waitFor();
    expect(await page.getByTestId('refill-succeeded').locator('li').count()).toBe(n - 1);
    const failed = await page.getByTestId('refill-failed').locator('li').allTextContents();
    expect(failed).toHaveLength(1);
    expect(failed[0]).toContain('This prescription is on hold. Call your VA pharmacy for help.');
    await page.getByTestId('refill-empty').waitFor(); // everything else is now submitted
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'refill-page-partial-success');
    await context.close();
  }, 90_000);

  it('prints and downloads the filtered list (PDF with its text checked, text file) and one prescription', async () => {
    const { context, page } = await h.newPage();
    await context.addInitScript(() => {
      (window as any).__printed = 0;
      window.print = () => {
        (window as any).__printed += 1;
      };
    });
    await h.signIn(page, 'Sam Taylor');
    await page.goto('/my-health/medications?filter=non-active');
    await page.getByTestId('showing').waitFor();
    const firstPage = await cardNames(page);
    const nonActiveTotal = Number(/of (\d+) non-active medications/.exec((await showing(page)) ?? '')?.[1]);
    expect(nonActiveTotal).toBeGreaterThan(10); // the export has every page, not only the one on screen
    const expectedNames = [...firstPage];
    await page
      .locator('va-pagination')
      .getByRole('link', { name: /^2 of \d+ pages/ })
      .click();
    await expect.poll(() => showing(page)).toMatch(/^Showing 11 - /);
    expectedNames.push(...(await cardNames(page)));
    expect(expectedNames).toHaveLength(nonActiveTotal);

    await page.getByRole('button', { name: 'Print or download filtered list' }).click();
    const [pdf] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a PDF' }).click()]);
    expect(pdf.suggestedFilename()).toMatch(/^VA-medications-list-Sam-Taylor-\d{8}-\d{6}\.pdf$/);
    const text = await pdfText(readFileSync(await pdf.path()));
    expect(text).toContain('Veterans Crisis Line at 988');
    expect(text).toContain('Sam Taylor');
    expect(text).toContain('Filter: Non-active');
    for (const name of expectedNames) expect(text).toContain(name);
    await page.getByTestId('download-alert').getByText('Download started').waitFor();

    await page.getByRole('button', { name: 'Print or download filtered list' }).click();
    const [txt] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a text file (.txt)' }).click()]);
    expect(txt.suggestedFilename()).toMatch(/^VA-medications-list-Sam-Taylor-\d{8}-\d{6}\.txt$/);
    const body = readFileSync(await txt.path(), 'utf8');
    expect(body.split('\n')[0]).toContain('Veterans Crisis Line at 988');
    for (const name of expectedNames) expect(body).toContain(`\n${name}\n`);

    await page.getByRole('button', { name: 'Print or download filtered list' }).click();
    await page.getByRole('button', { name: 'Print', exact: true }).click();
    await page.getByTestId('print-view').waitFor();
    await expect.poll(() => page.evaluate(() => (window as any).__printed)).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="print-view"] h2').allTextContents()).toEqual(expectedNames);
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'print-view-list');

    // One prescription: print view and text download from its details page.
    await page.goto('/my-health/medications?sort=alphabetical-status');
    await page.getByRole('link', { name: 'ACETAMINOPHEN 500MG TAB' }).click();
    await page.getByRole('heading', { level: 1, name: 'ACETAMINOPHEN 500MG TAB' }).waitFor();
    await page.getByRole('button', { name: 'Print or download', exact: true }).click();
    const [one] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download a text file (.txt) of this page' }).click()]);
    expect(one.suggestedFilename()).toMatch(/^VA-medications-details-Sam-Taylor-\d{8}-\d{6}\.txt$/);
    expect(readFileSync(await one.path(), 'utf8')).toContain('Reason for use: Pain');
    await page.getByRole('button', { name: 'Print or download', exact: true }).click();
    await page.getByRole('button', { name: 'Print this page' }).click();
    await page.getByTestId('print-view').waitFor();
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'print-view-prescription');
    await context.close();
  }, 120_000);

  it('package tracking: "Shipped on" on the card, and "Track your package" with the carrier link and the other prescriptions', async () => {
    await ingestMessage(h.system.ctx, { raw: hl7('rds-r06-two-rx.hl7'), format: 'hl7v2', source: 'cli' }, pipelineDeps(h.system.ctx, 'hl7v2'));
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    const card = page.locator('[data-rx-number="2719547"]');
    await card.waitFor();
    await expect.poll(() => card.locator('[data-field="Shipped on"] dd').textContent()).toBe('June 14, 2026');
    await card.getByRole('link', { name: 'LISINOPRIL 10MG TAB' }).click();
    const tracking = page.getByTestId('tracking');
    await tracking.getByRole('heading', { name: 'Track your package' }).waitFor();
    const link = tracking.getByTestId('carrier-link');
    expect(await link.getAttribute('href')).toBe('https://www.ups.com/track?tracknum=1Z999AA10123456784');
    expect(await link.textContent()).toContain('Track your package with UPS');
    expect(await tracking.locator('[data-field="Delivery service"] dd').textContent()).toBe('UPS');
    expect(await tracking.locator('[data-field="Shipped on"] dd').textContent()).toBe('June 14, 2026');
    expect(await tracking.getByText('METFORMIN HCL 500MG TAB (prescription number ending in 6412)').count()).toBe(1);
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'prescription-details-tracking');
    await context.close();
  }, 60_000);

  it('empty state: a Veteran with no prescriptions sees VA.gov’s sentence, not an empty list', async () => {
    const db = h.system.ctx.db;
    const patient = await db
      .insertInto('patients')
      .values({ icn: '1011111111V111111', first_name: 'Robin', last_name: 'Empty' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.insertInto('users').values({ role: 'veteran', patient_id: patient.id, display_name: 'Robin Empty', external_subject: 'mock:e2e-empty' }).execute();
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Robin Empty');
    await page.getByTestId('empty-state').waitFor();
    expect(await page.getByTestId('empty-state').textContent()).toContain('You don’t have any VA prescriptions or medication records');
    expect(await page.getByTestId('medication-card').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Print or download filtered list' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'medications-list-empty');
    await context.close();
  }, 60_000);

  it('sends a signed-out visitor to sign in, and the sign-in page is accessible', async () => {
    const { context, page } = await h.newPage();
    await page.goto('/my-health/medications');
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await page.getByRole('button', { name: /^Sign in as Jordan Rivera/ }).waitFor();
    await expectNoAxeViolations(page);
    await checkLayoutAndScreenshot(page, 'sign-in');
    await page.getByRole('button', { name: /^Sign in as Jordan Rivera/ }).click();
    await page.waitForURL(/\/my-health\/medications$/);
    await context.close();
  }, 60_000);
});
