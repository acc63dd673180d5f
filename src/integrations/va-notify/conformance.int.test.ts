/**
 * Conformance: the official GOV.UK Notify Node client, unchanged, works against our VA Notify
 * stand-in for sending an e-mail and reading it back by id (same JWT, paths and bodies).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { SANDBOX_API_KEY, SM_NEW_MESSAGE_TEMPLATE_ID, RX_SHIPMENT_TEMPLATE_ID } from '../../../sandbox/defaults.js';
import { eventually, useSandboxes } from '../../../test/helpers/sandboxes.js';

const { NotifyClient } = createRequire(import.meta.url)('notifications-node-client') as {
  NotifyClient: new (baseUrl: string, apiKey: string) => {
    sendEmail(templateId: string, emailAddress: string, options?: { personalisation?: Record<string, string>; reference?: string }): Promise<{ data: any }>;
    getNotificationById(id: string): Promise<{ data: any }>;
  };
};

const s = useSandboxes();

describe('notifications-node-client against the stand-in', () => {
  it('sends an e-mail and gets it by id', async () => {
    const client = new NotifyClient(s.notifyUrl, SANDBOX_API_KEY);
    const sent = await client.sendEmail(SM_NEW_MESSAGE_TEMPLATE_ID, 'delivered@simulator.notify', { reference: 'conformance-1' });
    expect(sent.data).toMatchObject({ reference: 'conformance-1', template: { id: SM_NEW_MESSAGE_TEMPLATE_ID, version: 1 }, content: { subject: 'You have a new secure message' } });
    const got = await eventually(async () => {
      const r = await client.getNotificationById(sent.data.id);
      return r.data.status === 'delivered' ? r.data : undefined;
    });
    expect(got).toMatchObject({ id: sent.data.id, reference: 'conformance-1', type: 'email', email_address: 'delivered@simulator.notify', status: 'delivered' });
  });

  it('surfaces VA Notify’s error body through the official client', async () => {
    const client = new NotifyClient(s.notifyUrl, SANDBOX_API_KEY);
    const err = (await client.sendEmail(RX_SHIPMENT_TEMPLATE_ID, 'delivered@simulator.notify', { personalisation: {} }).then(
      () => ({}),
      (e: unknown) => e,
    )) as { response?: { status: number; data: unknown } };
    expect(err.response?.status).toBe(400);
    expect(err.response?.data).toEqual({ status_code: 400, errors: [{ error: 'BadRequestError', message: 'Missing personalisation: prescription_count, shipped_date, carrier, tracking_number, prescription_list' }] });
  });
});
