/**
 * Stand-in-only endpoints (not part of VA Notify; no auth — local use only):
 *   GET  /                         HTML page of the messages "sent", rendered
 *   GET  /_sandbox/notifications   every stored notification (?reference=&status=), with recipient,
 *                                  rendered subject/body and callback attempts
 *   GET  /_sandbox/stats           counts by status and reference, posts, 429s, injected faults
 *   GET  /_sandbox/references      notification ids by reference (how a proof counts duplicates from outside)
 *   GET  /_sandbox/faults, PUT /_sandbox/faults   read / change fault injection at run time
 *   POST /_sandbox/reset           forget every notification and counter
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseFaults } from './faults.js';
import type { Faults } from './model.js';
import { renderPage } from './page.js';
import { serialize } from './responses.js';
import type { NotificationStore } from './store.js';

/** What the inspection routes read of the stand-in (kept narrow so this file does not import server.ts). */
export interface InspectedSandbox {
  faults: Faults;
  stats(): object;
  reset(): void;
}

export function registerInspection(app: FastifyInstance, sandbox: InspectedSandbox, store: NotificationStore, root: (req: FastifyRequest) => string): void {
  app.get('/_sandbox/notifications', async (req) => {
    const q = req.query as { reference?: string; status?: string };
    const list = store.all.filter((n) => (q.reference === undefined || n.reference === q.reference) && (q.status === undefined || n.status === q.status));
    return {
      notifications: list.map((n) => ({
        ...serialize(n, root(req)),
        to: n.to,
        rendered: { subject: n.renderedSubject, body: n.renderedBody },
        callbacks: n.callbacks,
      })),
    };
  });
  app.get('/_sandbox/stats', async () => sandbox.stats());
  app.get('/_sandbox/references', async () => ({ references: store.idsByReference() }));
  // Which notifications had a soft failure injected (a proof checks every non-delivery was injected).
  app.get('/_sandbox/injected', async () => ({ injected: Object.fromEntries(store.all.filter((n) => n.injected).map((n) => [n.id, n.injected])) }));
  app.get('/_sandbox/faults', async () => sandbox.faults);
  app.put('/_sandbox/faults', async (req, reply) => {
    const parsed = parseFaults(req.body);
    if (!parsed.ok) return reply.status(400).send({ result: 'error', message: parsed.message });
    return Object.assign(sandbox.faults, parsed.value);
  });
  app.post('/_sandbox/reset', async () => {
    sandbox.reset();
    return { ok: true };
  });
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(renderPage(store.all)));
}
