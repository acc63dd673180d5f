import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineDeps } from '../../src/tracking/pipeline.js';
import { ingestMessage } from '../../src/tracking/ingest/ingest.service.js';
import { expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();
const hl7 = (name: string) => readFileSync(new URL(`../../src/tracking/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');

describe('Rx tracking in a real browser', () => {
  it('a Veteran sees the shipment with its carrier link; ops see every outcome, re-send a soft failure, cut a station over and replay a rejected message', async () => {
    const ctx = h.system.ctx;
    await ctx.db
      .insertInto('station_email_senders')
      .values([
        { station_number: '442', sender: 'va_notify', changed_by: 'test' },
        { station_number: '554', sender: 'va_notify', changed_by: 'test' },
      ])
      .onConflict((oc) => oc.doNothing())
      .execute();
    for (const f of ['rds-r06-two-rx.hl7', 'missing-icn.hl7'])
      await ingestMessage(ctx, { raw: hl7(f), format: 'hl7v2', source: 'cli' }, pipelineDeps(ctx, 'hl7v2'));

    const { context, page } = await h.newPage();
    page.setDefaultTimeout(8000);
    await h.signIn(page, 'Alex Morgan');
    await page.getByRole('link', { name: 'LISINOPRIL 10MG TAB' }).click();
    await page.getByRole('heading', { level: 2, name: 'Track your package' }).waitFor();
    expect(await page.getByText('1Z999AA10123456784').count()).toBe(1);
    expect(await page.getByText('METFORMIN HCL 500MG TAB (prescription number ending in 6412)').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Track your package with UPS' }).getAttribute('href')).toBe(
      'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    );
    await expectNoAxeViolations(page);
    await context.close();

    const ops = await h.newPage();
    ops.page.setDefaultTimeout(8000);
    await h.signIn(ops.page, 'Riley Ops');
    await ops.page.goto('/ops/tracking');
    await ops.page.getByRole('heading', { level: 1, name: 'Rx tracking operations' }).waitFor();
    await ops.page.getByRole('cell', { name: '1Z999AA10123456784', exact: false }).waitFor();
    await ops.page.getByText('MISSING_ICN', { exact: false }).first().waitFor();
    await expectNoAxeViolations(ops.page);

    // Shipments of a station nobody configured are held and shown, not silently legacy.
    await ingestMessage(
      ctx,
      {
        raw: hl7('rds-r06-single.hl7')
          .replace(/442-2719547-1/g, '777-2719547-1')
          .replace(/9400111899223344556677/g, 'HELDTRK0001'),
        format: 'hl7v2',
        source: 'cli',
      },
      pipelineDeps(ctx, 'hl7v2'),
    );
    // A soft-failed e-mail (VA Notify: temporary-failure) to re-send.
    const e = await ctx.db
      .selectFrom('shipment_emails as e')
      .innerJoin('shipments as s', 's.id', 'e.shipment_id')
      .select('e.id')
      .where('s.tracking_number', '=', '1Z999AA10123456784')
      .executeTakeFirstOrThrow();
    for (const set of [
      { status: 'submitting' },
      { status: 'created', notification_id: '33333333-2222-4333-8444-555555555555' },
      { status: 'temporary-failure', status_reason: 'Retryable - Notification is unable to be processed at this time. Replay the request to VA Notify.' },
    ] as const) {
      await ctx.db.updateTable('shipment_emails').set(set).where('id', '=', e.id).execute();
    }
    await ops.page.reload();
    await ops.page.getByText('Unconfigured, 1 shipment waiting').waitFor();
    await ops.page.getByRole('heading', { level: 2, name: 'Soft-failed e-mails' }).waitFor();
    for (const width of [1280, 390]) {
      await ops.page.setViewportSize({ width, height: 900 });
      await ops.page.screenshot({ path: `test-results/ops-tracking-${width}.png`, fullPage: true });
    }
    await ops.page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(ops.page);

    await ops.page
      .getByRole('button', { name: /^Re-send e-mail for station/ })
      .first()
      .click();
    await ops.page.getByText('Re-send scheduled; your name and the time are recorded.').waitFor();
    expect(await ctx.db.selectFrom('shipment_email_resend_requests').select('requested_by').where('shipment_email_id', '=', e.id).execute()).toHaveLength(1);

    await ops.page.getByRole('button', { name: 'Begin cut-over for 777' }).click();
    await ops.page.getByText('Station 777: Cut-over pending (e-mails held).', { exact: false }).waitFor();
    await ops.page.getByLabel('Station number (cut-over pending)').fill('777');
    await ops.page.getByLabel('MHV stopped sending from (date and time)').fill('2026-01-01T00:00');
    await ops.page.locator('label[for="mhv-off-confirm"]').click();
    await ops.page.getByRole('button', { name: 'Switch station to rxbridge' }).click();
    await ops.page.getByText('Station 777: rxbridge (VA Notify). Held shipments sent by rxbridge: 1; released to legacy: 0.').waitFor();
    const state = await ctx.db.selectFrom('station_cutover').selectAll().where('station_number', '=', '777').executeTakeFirstOrThrow();
    expect(state).toMatchObject({ state: 'rxbridge', mhv_off_confirmed_by: expect.any(String) });

    await ops.page
      .getByRole('button', { name: /^Replay message \d+$/ })
      .first()
      .click();
    await ops.page.getByText(/still rejected/).waitFor();
    await expectNoAxeViolations(ops.page);
    await ops.context.close();
  }, 150_000);
});
