/**
 * The stand-in's human view at `/`: every message "sent", newest first, rendered with the
 * personalisation filled in (this is local test data, so showing it is the point), with the
 * resolved recipient and current status. Everything is HTML-escaped.
 */
import type { StoredNotification } from './model.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function recipient(n: StoredNotification): string {
  if (n.to) return n.to;
  if (n.status === 'created') return `(looking up ${n.recipientIdentifier?.id_type ?? 'recipient'} in VA Profile)`;
  return `(not resolved: ${n.recipientIdentifier?.id_type ?? 'no recipient'})`;
}

export function renderPage(list: StoredNotification[], limit = 200): string {
  const rows = [...list]
    .reverse()
    .slice(0, limit)
    .map(
      (n) => `<article>
<h2>${esc(n.renderedSubject || (n.type === 'sms' ? '(text message)' : '(no subject)'))}</h2>
<p class="meta"><strong class="status-${esc(n.status)}">${esc(n.status)}</strong>${n.statusReason ? ` — ${esc(n.statusReason)}` : ''}
 · ${esc(n.type)} to ${esc(recipient(n))} · ${esc(n.createdAt.toISOString())}
 · id <code>${esc(n.id)}</code>${n.reference ? ` · reference <code>${esc(n.reference)}</code>` : ''}</p>
<pre>${esc(n.renderedBody)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>VA Notify stand-in — sent messages</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-bottom:1px solid #ccc;padding:.5rem 0}.meta{color:#444;font-size:.9rem}pre{white-space:pre-wrap;background:#f7f7f7;padding:.5rem}.status-delivered{color:#1a6e1a}.status-permanent-failure,.status-temporary-failure{color:#a11}</style></head>
<body><main><h1>VA Notify stand-in: messages sent (${list.length})</h1>
<p>Local stand-in only — nothing here was really sent. Newest first${list.length > limit ? ` (latest ${limit} shown)` : ''}; reload to refresh.
JSON: <a href="/_sandbox/notifications">/_sandbox/notifications</a>, <a href="/_sandbox/stats">/_sandbox/stats</a>.</p>
${rows || '<p>No messages yet.</p>'}</main></body></html>`;
}
