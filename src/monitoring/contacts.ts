/**
 * Contacts for the Rx renewal flow: the ONE configuration file the product guides, the escalation
 * table, Alertmanager notes and the Datadog monitor handles read.
 *
 * PLACEHOLDERS: the seed plan names the teams (Meds/SM Engineering, Meds/SM UX, PM, Eng Lead) but
 * gives no channels, paging services, people or mailboxes. Every value marked `placeholder: true`
 * must be replaced by the team before a guide is attached to the VSP/Contact Center intake request;
 * the guides print "PLACEHOLDER" next to each.
 */
import type { Product } from '../shared/flow-urls.js';

export interface Contact {
  value: string;
  placeholder: boolean;
}

export interface ProductContacts {
  /** Chat channel for warnings. */
  channel: Contact;
  /** Paging service for critical alerts. */
  pager: Contact;
  /** Product manager and engineering lead (severity decisions, plan §3.1 step 4). */
  productManager: Contact;
  engineeringLead: Contact;
  /** UX team mailbox (Medallia / VSignals intake questions). */
  uxContact: Contact;
}

const ph = (value: string): Contact => ({ value, placeholder: true });

export const CONTACTS: Record<Product, ProductContacts> = {
  meds: {
    channel: ph('#mhv-medications-eng'),
    pager: ph('mhv-medications-oncall'),
    productManager: ph('Medications PM (name to be filled in)'),
    engineeringLead: ph('Medications Eng Lead (name to be filled in)'),
    uxContact: ph('Meds UX (mailbox to be filled in)'),
  },
  sm: {
    channel: ph('#mhv-secure-messaging-eng'),
    pager: ph('mhv-secure-messaging-oncall'),
    productManager: ph('Secure Messaging PM (name to be filled in)'),
    engineeringLead: ph('Secure Messaging Eng Lead (name to be filled in)'),
    uxContact: ph('SM UX (mailbox to be filled in)'),
  },
};

/** A contact as printed in a guide: placeholders marked so nobody mistakes them for real. */
export function showContact(c: Contact): string {
  return c.placeholder ? `${c.value} (PLACEHOLDER)` : c.value;
}
