/**
 * What happens after the 201 used to live here; it is now split by concern:
 *   progression.ts       created → sending → delivered / temporary-failure / permanent-failure, research mode
 *   recipient-lookup.ts  recipient_identifier → MPI → VA Profile → communication-permission check
 *   callbacks.ts         notification-level (x-enp-signature) and service-level (bearer) callbacks
 * Kept so existing imports of this module keep working.
 */
export { callbackPayload, Callbacks, type CallbackOptions } from './callbacks.js';
export { outcomeFor, Progression, type ProgressionOptions } from './progression.js';
export { lookUpRecipient, type LookupOptions, type LookupResult } from './recipient-lookup.js';
