import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pipelineDeps } from '../../src/tracking/pipeline.js';
import { ingestMessage } from '../../src/tracking/ingest/ingest.service.js';
import { expectNoAxeViolations, useBrowserHarness } from '../helpers/browser.js';

const h = useBrowserHarness();
const hl7 = (name: string) => readFileSync(new URL(`../../src/tracking/ingest/hl7/__fixtures__/${name}`, import.meta.url), 'latin1');

describe('Rx tracking in a real browser', () => {
  it('a Veteran sees the shipment on the prescription page; ops see statuses, switch a station and replay a rejected message', async () => {
    const ctx = h.system.ctx;
    for (const f of ['rds-r06-two-rx.hl7', 'missing-icn.hl7']) await ingestMessage(ctx, { raw: hl7(f), format: 'hl7v2', source: 'cli' }, pipelineDeps(ctx, 'hl7v2'));

    const { context, page } = await h.newPage();
    page.setDefaultTimeout(8000);
    await h.signIn(page, 'Alex Morgan');
    await page.getByRole('link', { name: 'LISINOPRIL 10MG TAB' }).click();
    await page.getByRole('heading', { level: 2, name: 'Tracking your shipment' }).waitFor();
    expect(await page.getByText('1Z999AA10123456784').count()).toBe(1);
    expect(await page.getByText('METFORMIN HCL 500MG TAB (prescription number ending in 6412)').count()).toBe(1);
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

    await ops.page.getByLabel('Station number to move to rxbridge e-mails').fill('442');
    await ops.page.getByRole('button', { name: 'Use rxbridge for this station' }).click();
    await ops.page.getByText('Station 442 now uses rxbridge (VA Notify) for new shipments.').waitFor();
    const row = await ctx.db.selectFrom('station_email_senders').selectAll().where('station_number', '=', '442').executeTakeFirstOrThrow();
    expect(row.sender).toBe('va_notify');

    await ops.page.getByRole('button', { name: /^Replay message \d+$/ }).first().click();
    await ops.page.getByText(/still rejected/).waitFor();
    await expectNoAxeViolations(ops.page);
    await ops.context.close();
  }, 60_000);
});
