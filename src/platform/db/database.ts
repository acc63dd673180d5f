/**
 * Kysely table types. Each feature declares its own tables (next to its DAO) and they are
 * merged here, so the query builder knows every table while features stay self-contained.
 */
import type { IdentityTables } from '../../identity/identity.tables.js';
import type { MedicationTables } from '../../medications/medications.tables.js';
import type { MessagingTables } from '../../messaging/messaging.tables.js';
import type { TrackingTables } from '../../tracking/tracking.tables.js';
import type { EventBusTables } from '../../tracking/event-bus/event-bus.tables.js';
import type { MonitoringTables } from '../../monitoring/monitoring.tables.js';

export interface Database extends IdentityTables, MedicationTables, MessagingTables, TrackingTables, EventBusTables, MonitoringTables {}
