/** The stand-in's human view: every e-mail "sent", rendered, newest first. HTML-escaped. */
import type { StoredNotification } from './model.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderPage(list: StoredNotification[]): string {
  const rows = [...list]
    .reverse()
    .slice(0, 200)
    .map(
      (n) => `<article><h2>${esc(n.renderedSubject || '(no subject)')}</h2>
<p class="meta">${esc(n.status)}${n.statusReason ? ` — ${esc(n.statusReason)}` : ''} · to ${esc(n.to ?? '(looking up)')} · ${esc(n.createdAt.toISOString())} · id ${esc(n.id)}</p>
<pre>${esc(n.renderedBody)}</pre></article>`,
    )
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>VA Notify stand-in — sent messages</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}article{border-bottom:1px solid #ccc;padding:.5rem 0}.meta{color:#555;font-size:.9rem}pre{white-space:pre-wrap}</style></head>
<body><main><h1>VA Notify stand-in: messages sent (${list.length})</h1><p>Local only. Newest first; reload to refresh.</p>${rows || '<p>No messages yet.</p>'}</main></body></html>`;
}
