/**
 * Rollout monitoring in a real browser: Alex's list view and renewal-link click are recorded as
 * funnel events owned by Medications, page feedback is stored scrubbed, and ops sees the funnel
 * and the feedback on an accessible monitoring page.
 */
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();

describe('Renewal flow monitoring in a real browser', () => {
  it('records list_viewed and link_selected (Meds), takes feedback, and shows them to ops', async () => {
    const db = h.system.ctx.db;
    const { context, page } = await h.newPage();
    await h.signIn(page, 'Alex Morgan');
    await page.getByRole('heading', { level: 1, name: 'Medications' }).waitFor();
    await page.getByRole('link', { name: 'Send a renewal request message' }).first().waitFor();

    // Feedback on the list page (rendered by the layout because the page is in the flow registry).
    await page.getByText('Give feedback on this page').click();
    await page.getByText('2 – Dissatisfied').click(); // the design system draws radios on the label
    await page.getByLabel('Tell us more (optional)').fill('Hard to find. My number is 307-778-7550 and Rx 2719547');
    await page.getByRole('button', { name: 'Submit page feedback' }).click();
    await page.getByRole('status').filter({ hasText: 'Thank you for your feedback.' }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByTestId('renew-2719547').click();
    await page.locator('[data-rx-number="2719547"]').getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/my-health\/secure-messages\/new-message\?prescriptionId=/);

    // Beacons flush every 5 s and on page hide; leaving the page forces the flush.
    await page.close({ runBeforeUnload: true });
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('monitoring_events')
              .select(['step', 'product', 'url_id', 'source'])
              .where('source', '=', 'client')
              .where('kind', '=', 'funnel')
              .where('outcome', '=', 'ok')
              .execute()
          )
            .map((e) => `${e.step}:${e.product}:${e.url_id}`)
            .sort(),
        { timeout: 15_000 },
      )
      .toEqual(expect.arrayContaining(['link_selected:meds:meds.list', 'list_viewed:meds:meds.list']));
    const events = await db.selectFrom('monitoring_events').selectAll().where('source', '=', 'client').execute();
    expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
    expect(events.every((e) => e.variant === 'treatment')).toBe(true);

    const feedback = await db.selectFrom('monitoring_feedback').selectAll().executeTakeFirstOrThrow();
    expect([feedback.url_id, feedback.product, feedback.rating]).toEqual(['meds.list', 'meds', 2]);
    expect(feedback.comment).toBe('Hard to find. My number is [phone] and Rx [number]');
    await context.close();

    // Ops: the monitoring page shows the funnel and the feedback.
    const ops = await h.newPage();
    await h.signIn(ops.page, 'Riley Ops');
    await ops.page.goto('/ops/monitoring');
    await ops.page.getByRole('heading', { level: 1, name: 'Renewal flow monitoring' }).waitFor();
    const funnel = ops.page.getByTestId('funnel-table');
    await expect.poll(() => funnel.locator('tr[data-step="list_viewed"] td').nth(1).textContent()).toBe('1');
    expect(await funnel.locator('tr[data-step="link_selected"] td').nth(1).textContent()).toBe('1');
    expect(await funnel.locator('tr[data-step="link_selected"] td').nth(2).textContent()).toBe('100.0%');
    await expect.poll(() => ops.page.getByTestId('feedback-table').textContent()).toContain('Hard to find. My number is [phone]');
    expect(await ops.page.getByTestId('rollout-state').textContent()).toContain('100%');
    await expectNoAxeViolations(ops.page);
    await ops.context.close();
  }, 150_000);
});
