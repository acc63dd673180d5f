/** Response shapes of /api/monitoring/* (mirroring src/monitoring/dashboard.service.ts). */
import type { FunnelStep, Product } from '../../../src/shared/flow-urls';

export interface FunnelStepRow { step: FunnelStep; product: Product; sessions: number; conversion: number | null; dropOff: number | null; overall: number | null; abandoned: number; owningTeam: string }
export interface ErrorRow { product: Product; step: FunnelStep | null; source: 'client' | 'server'; requests: number; errors: number; errorRate: number | null; owningTeam: string }
export interface LatencyRow { product: Product; step: FunnelStep | null; source: 'client' | 'server'; samples: number; p50: number | null; p95: number | null }
export interface FeedbackDay { day: string; product: Product; count: number; avgRating: number; avgSentiment: number | null }
export interface FeedbackItem { id: string; createdAt: string; urlId: string; product: Product; rating: number; comment: string | null; sentiment: number | null }
export interface Rollout {
  flag: string; percent: number; state: 'active' | 'paused' | 'rolled_back'; stages: number[]; updatedAt: string | null; updatedBy: string | null;
  audit: Array<{ id: number; action: string; actor: string; fromPercent: number | null; toPercent: number | null; fromState: string | null; toState: string | null; reason: string; createdAt: string }>;
  notifications: Array<{ id: number; createdAt: string; product: Product; team: string; channel: string; severity: string; title: string; body: string }>;
}
