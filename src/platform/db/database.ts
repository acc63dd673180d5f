/**
 * Kysely's view of the database. Empty here on purpose: each feature adds its own tables from its
 * `*.tables.ts` by declaration merging (`declare module '…/platform/db/database.js'`), so the
 * query builder knows every table while the platform imports no feature.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by declaration merging
export interface Database {}
