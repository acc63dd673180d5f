/**
 * Duplicate renewal requests (pure). Two identical Lisinopril requests were seen: a Veteran who
 * already sent a renewal request for a prescription, and has no answer yet, is told so before
 * starting another, with a link to it, and must choose "Send another request" explicitly.
 *
 * A request counts when it was sent within the configured window (RENEWAL_DUPLICATE_WINDOW_DAYS,
 * 0 = off) and nobody from the care team has answered in that conversation.
 */
export interface RenewalRequestThread {
  threadId: string;
  createdAt: Date;
  answered: boolean;
}

/** The most recent unanswered renewal request inside the window, or null. */
export function pendingRenewalRequest(threads: readonly RenewalRequestThread[], now: Date, windowDays: number): RenewalRequestThread | null {
  if (windowDays <= 0) return null;
  const since = now.getTime() - windowDays * 86_400_000;
  const pending = threads.filter((t) => !t.answered && t.createdAt.getTime() >= since && t.createdAt.getTime() <= now.getTime());
  pending.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return pending[0] ?? null;
}
