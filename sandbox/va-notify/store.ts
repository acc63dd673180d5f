/**
 * In-memory notification store of the VA Notify stand-in (it is not a system of record: a restart
 * forgets everything). Visibility follows VA Notify: only the owning service sees a notification,
 * and only for the retention period (default 7 days, A5). Lists are newest first, 250 a page.
 */
import { FAILED_STATUSES, type StoredNotification } from './model.js';

export const PAGE_SIZE = 250;

export interface ListFilter {
  reference?: string;
  status?: string | string[];
  template_type?: string | string[];
  older_than?: string;
}

export class NotificationStore {
  /** Insertion order = creation order. Exposed (read-mostly) for tests and proofs. */
  readonly all: StoredNotification[] = [];
  private readonly byId = new Map<string, StoredNotification>();
  /** Reference lookups are how callers reconcile after a timeout; an index keeps them O(1) at 100,000s of notifications. */
  private readonly byReference = new Map<string, StoredNotification[]>();

  constructor(private readonly retentionMs: number) {}

  add(n: StoredNotification): void {
    this.all.push(n);
    this.byId.set(n.id, n);
    if (n.reference !== null) {
      const same = this.byReference.get(n.reference);
      if (same) same.push(n);
      else this.byReference.set(n.reference, [n]);
    }
  }

  /** Undefined for unknown ids, other services' ids and notifications past retention (all 404 alike). */
  get(id: string, serviceId: string, nowMs = Date.now()): StoredNotification | undefined {
    const n = this.byId.get(id);
    return n && this.visible(n, serviceId, nowMs) ? n : undefined;
  }

  /** One page, newest first, plus whether an older page exists. */
  list(serviceId: string, f: ListFilter, nowMs = Date.now()): { page: StoredNotification[]; more: boolean } {
    const wanted = f.status === undefined ? null : (Array.isArray(f.status) ? f.status : [f.status]).flatMap((s) => (s === 'failed' ? FAILED_STATUSES : [s]));
    const types = f.template_type === undefined ? null : Array.isArray(f.template_type) ? f.template_type : [f.template_type];
    const candidates = f.reference === undefined ? this.all : (this.byReference.get(f.reference) ?? []);
    let list = candidates.filter(
      (n) => this.visible(n, serviceId, nowMs) && (wanted === null || wanted.includes(n.status)) && (types === null || types.includes(n.type)),
    );
    list.reverse();
    if (f.older_than !== undefined) {
      const at = list.findIndex((n) => n.id === f.older_than);
      list = at === -1 ? [] : list.slice(at + 1);
    }
    return { page: list.slice(0, PAGE_SIZE), more: list.length > PAGE_SIZE };
  }

  /** Counts for tests and proofs: by status and by reference (duplicates = references used more than once). */
  stats(): { total: number; byStatus: Record<string, number>; byReference: Record<string, number>; references: number; duplicateReferences: number } {
    const byStatus: Record<string, number> = {};
    const byReference: Record<string, number> = {};
    for (const n of this.all) {
      byStatus[n.status] = (byStatus[n.status] ?? 0) + 1;
      if (n.reference !== null) byReference[n.reference] = (byReference[n.reference] ?? 0) + 1;
    }
    const counts = Object.values(byReference);
    return { total: this.all.length, byStatus, byReference, references: counts.length, duplicateReferences: counts.filter((c) => c > 1).length };
  }

  clear(): void {
    this.all.length = 0;
    this.byId.clear();
    this.byReference.clear();
  }

  /** Notification ids by reference, in creation order (proofs count duplicates from this). */
  idsByReference(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [ref, ns] of this.byReference) out[ref] = ns.map((n) => n.id);
    return out;
  }

  private visible(n: StoredNotification, serviceId: string, nowMs: number): boolean {
    return n.serviceId === serviceId && nowMs - n.createdAt.getTime() < this.retentionMs;
  }
}
