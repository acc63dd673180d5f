/**
 * Issue 15 in a real browser: the renewal journey records each funnel step once, on a successful
 * load, with real timings, care-team selection on the choice, and VA.gov's analytics names; the
 * feedback radios are drawn and keyboard-operable; /ops and /ops/monitoring show the rollout state
 * and alerts at the top. Screenshots of each journey step go to docs/guides/screenshots (the
 * product guides embed them); the on-call pages to docs/screenshots.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';
import { changeRollout, runRolloutGuard } from '../../src/monitoring/rollout/rollout.service.js';

const h = useBrowserHarness();
const GUIDE_SHOTS = path.resolve('docs/guides/screenshots');
const OPS_SHOTS = path.resolve('docs/screenshots');
const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

async function shot(page: Page, dir: string, name: string, width = 1280) {
  await mkdir(dir, { recursive: true });
  await page.setViewportSize({ width, height: 900 });
  await page.waitForTimeout(150);
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}

describe('On-call monitoring in a real browser', () => {
  it('records the renewal journey per session on successful loads, with real timings and VA.gov’s event names', async () => {
    const db = h.system.ctx.db;
    const { context, page } = await h.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await h.signIn(page, 'Alex Morgan');
    await h1(page, 'Medications');
    const link = page.locator('[data-rx-number="2719547"]').getByRole('link', { name: 'Send a renewal request message' });
    await link.waitFor();
    await shot(page, GUIDE_SHOTS, 'meds-1-list-renewal-link');
    await page.locator('[data-rx-number="2719547"]').screenshot({ path: path.join(GUIDE_SHOTS, 'meds-2-link-placement.png') });
    await link.click();
    // VA.gov's "You're leaving medications to send a message" dialog comes first.
    await page.locator('[data-rx-number="2719547"]').getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(/\/new-message\?prescriptionId=/);
    await h1(page, 'Only use messages for non-urgent needs');
    await page.getByTestId('renewal-summary').waitFor();
    await shot(page, GUIDE_SHOTS, 'sm-1-interstitial');
    await page.getByRole('link', { name: 'Continue to start message' }).click();
    // VA.gov's care-team steps: recent teams first, then the system, then the team (nothing preselected).
    await page.waitForURL(/\/new-message\/recent\?prescriptionId=/);
    const recent = page.getByTestId('recent-care-teams');
    await recent.getByRole('radio', { name: 'A different care team' }).check();
    await page.getByRole('button', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/new-message\/select-care-team\?prescriptionId=/);
    await h1(page, 'Select care team');
    await page
      .getByTestId('health-care-system')
      .getByRole('radio', { name: /Cheyenne VA Medical Center/ })
      .check();
    const team = page.getByTestId('care-team').getByRole('radio', { name: /Cheyenne Primary Care - Blue Team/ });
    await team.waitFor();
    await shot(page, GUIDE_SHOTS, 'sm-2-select-care-team');
    await team.check();
    await page.getByRole('button', { name: 'Continue to start message' }).click();
    await page.waitForURL(/\/start-message\?prescriptionId=.*&draftId=/);
    await h1(page, 'Start a new message');
    await expect.poll(() => page.getByLabel('Subject').inputValue()).not.toBe('');
    await shot(page, GUIDE_SHOTS, 'sm-3-prefilled-message');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    // Back to Medications with VA.gov's "Message Sent" alert.
    await page.waitForURL(/\/my-health\/medications\?rxRenewalMessageSuccess=true/);
    await page.getByTestId('renewal-sent-alert').waitFor();
    await shot(page, GUIDE_SHOTS, 'sm-4-sent');

    // VA.gov's analytics names, through the adapter (GA4 recordEvent → dataLayer).
    await expect
      .poll(() => page.evaluate(() => JSON.stringify((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? [])), { timeout: 5000 })
      .toContain('Rx SM Renewal');
    const dataLayer = await page.evaluate(() => (window as unknown as { dataLayer: Array<Record<string, string>> }).dataLayer);
    expect(dataLayer.map((e) => e['button-click-label'] ?? e['api-name'] ?? e.event)).toEqual(
      expect.arrayContaining(['Continue to send renewal message', 'int-select-box-option-click', 'sm_editor_prefill_loaded', 'Rx SM Renewal']),
    );

    // The last steps leave in a beacon at pagehide; the browser delivers it after the page is gone,
    // as long as the browser itself lives, so the context is closed only once they are stored (a
    // loaded machine lost them when the context closed at once).
    await page.close({ runBeforeUnload: true });
    const steps = ['list_viewed', 'link_selected', 'interstitial_viewed', 'care_team_selected', 'draft_shown', 'message_sent'];
    await expect
      .poll(
        async () =>
          (
            await db
              .selectFrom('monitoring_events')
              .select('step')
              .where('source', '=', 'client')
              .where('kind', '=', 'funnel')
              .where('outcome', '=', 'ok')
              .execute()
          )
            .map((e) => e.step)
            .sort(),
        { timeout: 15_000 },
      )
      .toEqual([...steps].sort());
    await context.close();
    const events = await db
      .selectFrom('monitoring_events')
      .select(['step', 'duration_ms', 'session_key', 'url_id'])
      .where('source', '=', 'client')
      .where('kind', '=', 'funnel')
      .where('outcome', '=', 'ok')
      .execute();
    expect(new Set(events.map((e) => e.session_key)).size).toBe(1);
    expect(events[0]!.session_key).toMatch(/^[0-9a-f]{32}$/);
    // Real browser timings: every page step took measurable time to load.
    for (const e of events.filter((x) => x.step !== 'link_selected')) expect(e.duration_ms, e.step ?? '').toBeGreaterThan(0);
    // Care-team selection is the choice on the care-team page (recorded against that page).
    expect(events.find((e) => e.step === 'care_team_selected')?.url_id).toBe('sm.select_care_team');
  }, 120_000);

  it('shows error states for the guides: no care team, a link to someone else’s prescription', async () => {
    const casey = await h.newPage();
    await casey.page.setViewportSize({ width: 1280, height: 900 });
    await h.signIn(casey.page, 'Casey Nguyen');
    await casey.page.locator('[data-rx-number="2719603"]').getByRole('link', { name: 'Send a renewal request message' }).click();
    await casey.page.locator('[data-rx-number="2719603"]').getByTestId('renewal-leaving-dialog').getByRole('button', { name: 'Continue' }).click();
    await casey.page.getByRole('link', { name: 'Continue to start message' }).click();
    await casey.page.getByTestId('no-care-team').waitFor();
    await shot(casey.page, GUIDE_SHOTS, 'sm-error-no-care-team');
    await casey.context.close();

    const alex = await h.newPage();
    await alex.page.setViewportSize({ width: 1280, height: 900 });
    await h.signIn(alex.page, 'Alex Morgan');
    await alex.page.goto('/my-health/secure-messages/new-message?prescriptionId=00000000-0000-4000-8000-000000000000');
    await alex.page.getByTestId('renewal-error').waitFor();
    await shot(alex.page, GUIDE_SHOTS, 'sm-error-prescription-not-found');
    await alex.context.close();
    // The not-found at the interstitial is a Medications routing error (the link's), not SM's.
    await h.system.app.flowEvents.flush();
    const routing = await h.system.ctx.db
      .selectFrom('monitoring_events')
      .select(['product', 'failure'])
      .where('url_id', '=', 'api.sm.renewal')
      .where('outcome', '=', 'error')
      .execute();
    expect(routing).toContainEqual({ product: 'meds', failure: 'routing' });
  }, 90_000);

  it('draws the feedback rating radios and lets the keyboard choose one', async () => {
    const { context, page } = await h.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await h.signIn(page, 'Jordan Rivera');
    await h1(page, 'Medications');
    await page.getByText('Give feedback on this page').click();
    const radios = page.locator('.rxb-feedback input[type=radio]');
    await radios.first().waitFor({ state: 'attached' });
    // Each radio is drawn by the design system on the label that follows it: a visible circle.
    const drawn = await page.locator('.rxb-feedback-rating label').evaluateAll((labels) =>
      labels.map((l) => {
        const before = getComputedStyle(l, '::before');
        return { content: before.content, width: parseFloat(before.width), visible: before.visibility !== 'hidden' && before.display !== 'none' };
      }),
    );
    expect(drawn).toHaveLength(5);
    for (const d of drawn) expect(d.visible && d.width > 8 && d.content !== 'none').toBe(true);
    // Keyboard: focus the group, Space picks the first, ArrowDown moves the choice.
    await radios.first().focus();
    await page.keyboard.press('Space');
    await expect.poll(() => radios.first().isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => radios.nth(1).isChecked()).toBe(true);
    await page.locator('.rxb-feedback').screenshot({ path: path.join(OPS_SHOTS, 'feedback-radios-1280.png') });
    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.locator('.rxb-feedback').screenshot({ path: path.join(OPS_SHOTS, 'feedback-radios-390.png') });
    await context.close();
  }, 60_000);

  it('puts the rollout state and active alerts at the top of /ops and /ops/monitoring', async () => {
    const ctx = h.system.ctx;
    await runRolloutGuard(ctx);
    await changeRollout(ctx, 'pause', 'ops:test', 'Investigating SM send failures');
    await ctx.db
      .insertInto('monitoring_alerts')
      .values({
        fingerprint: 'e2e0001',
        alertname: 'RxRenewalSmSendFailures',
        status: 'firing',
        team: 'SM Engineering',
        severity: 'critical',
        product: 'sm',
        summary: 'Secure Messaging send failures above 15% for 5 minutes',
        labels: JSON.stringify({ alertname: 'RxRenewalSmSendFailures' }),
        starts_at: new Date(Date.now() - 10 * 60_000),
        ends_at: null,
        updated_at: new Date(),
        paused_rollout: true,
      })
      .execute();

    // Some traffic of the last minutes (a Veteran's list view and a routing error at the interstitial).
    const ev = (over: object) => ({
      occurred_at: new Date(Date.now() - 120_000),
      source: 'server' as const,
      kind: 'funnel' as const,
      step: 'list_viewed' as const,
      product: 'meds' as const,
      outcome: 'ok' as const,
      error_code: null,
      duration_ms: 120,
      session_id: null,
      variant: 'treatment' as const,
      url_id: 'api.medications.list',
      veteran_key: 'a'.repeat(32),
      session_key: null,
      failure: null,
      http_status: 200,
      ...over,
    });
    await ctx.db
      .insertInto('monitoring_events')
      .values([
        ev({}),
        ev({ kind: 'error', step: 'link_selected', outcome: 'error', error_code: 'not_found', url_id: 'api.sm.renewal', failure: 'routing', http_status: 404 }),
      ])
      .execute();

    const { context, page } = await h.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await h.signIn(page, 'Riley Ops');
    await page.goto('/ops');
    await h1(page, 'Operations');
    await page.getByTestId('rollout-banner').waitFor();
    expect(await page.getByTestId('oncall-rollout').textContent()).toContain('paused');
    expect(await page.getByTestId('alerts').textContent()).toContain('RxRenewalSmSendFailures');
    // The status comes before the tools list.
    const order = await page.evaluate(() => {
      const status = document.querySelector('[data-testid="oncall-status"]')!;
      const tools = [...document.querySelectorAll('h2')].find((e) => e.textContent === 'Tools')!;
      return status.compareDocumentPosition(tools) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    await expectNoAxeViolations(page);
    await shot(page, OPS_SHOTS, 'ops-home-1280');
    await shot(page, OPS_SHOTS, 'ops-home-390', 390);

    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/ops/monitoring');
    await h1(page, 'Renewal flow monitoring');
    await page.getByTestId('rollout-banner').waitFor();
    await page.getByTestId('series-totals').waitFor();
    await page.getByTestId('error-codes').waitFor();
    expect(await page.getByTestId('error-codes').textContent()).toContain('routing');
    await page.getByLabel('Time range').selectOption('6h');
    await page.getByLabel('Time range').selectOption('1h');
    await expectNoAxeViolations(page);
    await shot(page, OPS_SHOTS, 'ops-monitoring-1280');
    await shot(page, OPS_SHOTS, 'ops-monitoring-390', 390);
    await context.close();
    await changeRollout(ctx, 'resume', 'ops:test', 'done');
  }, 90_000);
});
