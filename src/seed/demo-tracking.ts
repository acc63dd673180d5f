/**
 * Demo e-mail senders for `npm start`: Cheyenne (442) is switched to rxbridge e-mails through VA
 * Notify; Aurora (554) still uses legacy MHV e-mails, so both sides of the switch can be seen.
 * Not applied in tests, which set the switch explicitly.
 */
import type { SeedStep } from './seed.js';

export const demoTrackingStep: SeedStep = {
  name: 'tracking-station-senders',
  async run(tx) {
    await tx
      .insertInto('station_email_senders')
      .values([
        { station_number: '442', sender: 'va_notify', changed_by: 'demo seed' },
        { station_number: '554', sender: 'mhv_legacy', changed_by: 'demo seed' },
      ])
      .onConflict((oc) => oc.column('station_number').doNothing())
      .execute();
  },
};
