/**
 * The status-poll job's name and key, shared by the code that schedules it (send), removes it
 * (a final status arrived first) and re-creates it (sweep). One key per e-mail: never two polls.
 */
export const POLL_SHIPMENT_EMAIL = 'poll_shipment_email';

export function pollJobKey(emailId: string): string {
  return `shipment-email-poll:${emailId}`;
}
