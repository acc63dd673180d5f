/**
 * Secure Messaging: Veterans write to care teams; care teams answer in their own inbox.
 * Terminology:
 *  - care team (triage group): the recipients a Veteran may message, per facility;
 *  - thread: a conversation; message: one entry; draft: an unsent message (autosaved);
 *  - renewal request: a message prefilled from a prescription (renewal-prefill.ts), category Medication.
 * Other rooms import messaging only through this file.
 */
export { CARE_TEAM_RULES } from './care-team-rules.js';
export { PREFILL_EXCLUDED_FIELDS, PREFILL_INCLUDED_FIELDS, RENEWAL_SUBJECT } from './renewal-prefill.js';
export { messagingRoutes } from './routes.js';
export { messagingJobs, messagingTasks } from './tasks/index.js';
