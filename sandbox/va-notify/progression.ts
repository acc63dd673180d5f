/**
 * Status progression after the 201 (A6): created → (recipient lookup for recipient_identifier
 * sends) → sending → delivered | temporary-failure | permanent-failure, one step every
 * `stepDelayMs`. Research-mode recipients force the outcome (A12); test keys always end
 * delivered without any lookup. Every change queues callbacks.
 */
import type { Callbacks } from './callbacks.js';
import { COMPLETED_STATUSES, STATUS_REASON, type CommunicationItem, type SandboxTemplate, type StoredNotification } from './model.js';
import { lookUpRecipient, type LookupOptions } from './recipient-lookup.js';

/** Research-mode addresses and numbers and the outcome each forces (A12). */
const RESEARCH_OUTCOMES: Record<string, { status: string; reason: string | null }> = {
  'delivered@simulator.notify': { status: 'delivered', reason: null },
  'perm-fail@simulator.notify': { status: 'permanent-failure', reason: STATUS_REASON.UNDELIVERABLE },
  'temp-fail@simulator.notify': { status: 'temporary-failure', reason: STATUS_REASON.RETRYABLE },
  '7700900001': { status: 'delivered', reason: null },
  '7700900002': { status: 'permanent-failure', reason: STATUS_REASON.UNDELIVERABLE },
  '7700900003': { status: 'temporary-failure', reason: STATUS_REASON.RETRYABLE },
};

export function outcomeFor(to: string): { status: string; reason: string | null } {
  const key = to.toLowerCase();
  const digits = key.replace(/\D/g, '');
  return RESEARCH_OUTCOMES[key] ?? RESEARCH_OUTCOMES[digits.slice(-10)] ?? { status: 'delivered', reason: null };
}

export interface ProgressionOptions {
  stepDelayMs: number;
  lookup: LookupOptions;
  /** Injected soft failures (live settings) and their counters. */
  faults?: {
    settings: { temporaryFailureRate: number; lateDeliveryRate: number; lateDeliveryMs: number };
    counters: { injectedTemporaryFailures: number; injectedLateDeliveries: number };
  };
  random?: () => number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Progression {
  private stopped = false;

  constructor(
    private readonly o: ProgressionOptions,
    private readonly callbacks: Callbacks,
    private readonly items: () => CommunicationItem[],
  ) {}

  /** Runs the whole life of one notification in the background. */
  async run(n: StoredNotification, template: SandboxTemplate, testKey: boolean): Promise<void> {
    await sleep(this.o.stepDelayMs);
    if (this.stopped) return;
    if (testKey) {
      this.update(n, 'sending', null);
      await sleep(this.o.stepDelayMs);
      return this.update(n, 'delivered', null);
    }
    if (!n.to && n.recipientIdentifier) {
      const found = await lookUpRecipient(n.type, n.recipientIdentifier, template, this.items(), this.o.lookup);
      if (this.stopped) return;
      if ('reason' in found) return this.update(n, 'permanent-failure', found.reason);
      n.to = found.to;
    }
    this.update(n, 'sending', null);
    await sleep(this.o.stepDelayMs);
    if (this.stopped) return;
    const out = outcomeFor(n.to ?? '');
    const f = this.o.faults;
    const random = this.o.random ?? Math.random;
    if (f && out.status === 'delivered' && random() < f.settings.temporaryFailureRate) {
      f.counters.injectedTemporaryFailures += 1;
      n.injected = 'temporary-failure';
      this.update(n, 'temporary-failure', STATUS_REASON.RETRYABLE);
      if (random() >= f.settings.lateDeliveryRate) return;
      await sleep(f.settings.lateDeliveryMs);
      if (this.stopped) return;
      f.counters.injectedLateDeliveries += 1;
      n.injected = 'late-delivery';
      return this.update(n, 'delivered', null);
    }
    this.update(n, out.status, out.reason);
  }

  stop(): void {
    this.stopped = true;
  }

  private update(n: StoredNotification, status: string, reason: string | null): void {
    const now = new Date();
    n.status = status;
    n.statusReason = reason;
    n.updatedAt = now;
    if (status === 'sending') n.sentAt = now;
    if (COMPLETED_STATUSES.includes(status)) n.completedAt = now;
    this.callbacks.queue(n);
  }
}
