import type { ColumnType, Generated } from 'kysely';
import type { FunnelStep, Product } from '../shared/flow-urls.js';
import type { RolloutState, Variant } from './rollout/bucketing.js';
import type { FailureClass } from '../shared/failure-class.js';

type Numeric = ColumnType<string, number | string, number | string>;
type NumericNull = ColumnType<string | null, number | string | null, number | string | null>;

export interface MonitoringEventsTable {
  id: Generated<string>;
  occurred_at: ColumnType<Date, Date | string, never>;
  received_at: Generated<Date>;
  source: 'client' | 'server';
  kind: 'funnel' | 'error';
  step: FunnelStep | null;
  product: Product;
  outcome: 'ok' | 'error' | 'abandoned';
  error_code: string | null;
  duration_ms: number | null;
  session_id: string | null;
  variant: Variant | null;
  url_id: string;
  veteran_key: string | null;
  session_key: string | null;
  failure: FailureClass | null;
  http_status: number | null;
}

export interface MonitoringSessionStepsTable {
  session_key: string;
  step: FunnelStep;
  first_at: ColumnType<Date, Date | string, never>;
}

export interface RolloutGuardRunsTable {
  id: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  flag_key: string;
  action: 'none' | 'pause' | 'rollback' | 'skipped';
  summary: string;
  figures: unknown;
}

export interface MonitoringAlertsTable {
  fingerprint: string;
  alertname: string;
  status: 'firing' | 'resolved';
  team: string;
  severity: string;
  product: Product | null;
  summary: string;
  labels: unknown;
  starts_at: ColumnType<Date, Date | string, Date | string>;
  ends_at: ColumnType<Date | null, Date | string | null, Date | string | null>;
  received_at: ColumnType<Date, Date | string | undefined, never>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  paused_rollout: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface MonitoringFeedbackTable {
  id: Generated<string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  url_id: string;
  path_pattern: string;
  product: Product;
  rating: number;
  comment: string | null;
  sentiment: number | null;
  session_id: string | null;
  variant: Variant | null;
}

export interface FeatureFlagsTable {
  key: string;
  percent: Numeric;
  state: RolloutState;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export type RolloutAction = 'advance' | 'pause' | 'resume' | 'rollback' | 'guard_ok' | 'guard_hold';

export interface RolloutAuditTable {
  id: Generated<number>;
  flag_key: string;
  action: RolloutAction;
  actor: string;
  from_percent: NumericNull;
  to_percent: NumericNull;
  from_state: string | null;
  to_state: string | null;
  reason: string;
  figures: unknown;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface MonitoringNotificationsTable {
  id: Generated<number>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
  product: Product;
  team: string;
  channel: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  body: string;
  webhook_status: string | null;
}

export interface MonitoringTables {
  monitoring_events: MonitoringEventsTable;
  monitoring_feedback: MonitoringFeedbackTable;
  feature_flags: FeatureFlagsTable;
  rollout_audit: RolloutAuditTable;
  monitoring_notifications: MonitoringNotificationsTable;
  monitoring_session_steps: MonitoringSessionStepsTable;
  rollout_guard_runs: RolloutGuardRunsTable;
  monitoring_alerts: MonitoringAlertsTable;
}

declare module '../platform/db/database.js' {
  interface Database extends MonitoringTables {}
}
