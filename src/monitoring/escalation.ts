/**
 * Escalation routing (seed plan §3.1/§3.2): which team owns a problem in each product, and where
 * to reach them. The one table alerts, notifications, the dashboard and the Product Guide read.
 *
 * Channel names and paging services come from contacts.ts (the one contacts file; placeholders
 * until the teams fill them in).
 */
import type { Product } from '../shared/flow-urls.js';
import { CONTACTS } from './contacts.js';

export interface Escalation {
  product: Product;
  productName: string;
  engineeringTeam: string;
  uxTeam: string;
  /** Chat channel for warnings (Slack in a real deployment). */
  channel: string;
  /** Paging target for critical alerts (PagerDuty service in a real deployment). */
  pager: string;
  /** What engineering watches (Datadog + logs). */
  engineeringWatches: string[];
  /** What UX watches (Medallia / VSignals). */
  uxWatches: string[];
}

export const ESCALATION: Record<Product, Escalation> = {
  meds: {
    product: 'meds',
    productName: 'Medications',
    engineeringTeam: 'Meds Engineering',
    uxTeam: 'Meds UX',
    channel: CONTACTS.meds.channel.value,
    pager: CONTACTS.meds.pager.value,
    engineeringWatches: ['Renewal link rendering', 'Eligibility behaviour (renewal vs refill)', 'Errors launching the SM flow', 'Incorrect routing into SM'],
    uxWatches: [
      'Renewal link visibility and accuracy',
      'Confusion between renewal and refill',
      'Difficulty starting the renewal flow',
      'Transition into SM',
      'Comments about unclear or missing renewal options',
    ],
  },
  sm: {
    product: 'sm',
    productName: 'Secure Messaging',
    engineeringTeam: 'SM Engineering',
    uxTeam: 'SM UX',
    channel: CONTACTS.sm.channel.value,
    pager: CONTACTS.sm.pager.value,
    engineeringWatches: [
      'Interstitial load errors',
      'Care team API failures',
      'Prefill load issues',
      'Draft creation failures',
      'Message send errors',
      'SM backend/API errors',
    ],
    uxWatches: [
      'Interstitial behaviour',
      'Care team selection issues',
      'Missing or incorrect prefilled content',
      'Drop-offs inside SM',
      'Message-send confusion or errors',
      'Comments specific to SM',
    ],
  },
};

/** The escalation steps, in order (plan §3.1 UX and §3.2 engineering). */
export const UX_ESCALATION_STEPS = [
  'Identify whether the issue occurred in Medications or Secure Messaging (the dashboard attributes every error and drop-off to a product).',
  'Notify the owning engineering team (table above).',
  'Engineering validates through logs and Datadog.',
  'PM and Eng Lead decide severity and next steps.',
];
export const ENGINEERING_ESCALATION_STEPS = [
  'Validate the issue in logs (search by request id; product and step are span and metric labels).',
  'Identify whether the issue is in Medications or Secure Messaging.',
  'Follow the severity-based rollback steps: pause the rollout (link hidden, stage kept) or roll back (link hidden, stage reset).',
  'Coordinate with UX and PM.',
];
