/**
 * Serves the built React app (web/dist). Any non-API GET that is not a file gets index.html so
 * client-side routes (e.g. /my-health/medications) work on reload.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { AppError } from './errors.js';

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Registers static files and the one not-found handler (SPA fallback when the UI is served). */
export async function registerWebUi(app: FastifyInstance, serve: boolean, root = WEB_DIST): Promise<void> {
  const available = serve && existsSync(path.join(root, 'index.html'));
  if (serve && !available) app.log.warn('web/dist is missing; run `npm run build:web` (npm start does this for you)');
  if (available) await app.register(fastifyStatic, { root, wildcard: false, index: false });
  app.setNotFoundHandler((req, reply) => {
    const isPage = req.method === 'GET' && !req.url.startsWith('/api/') && path.extname(req.url.split('?')[0] ?? '') === '';
    if (available && isPage) return reply.type('text/html').sendFile('index.html');
    return reply.status(404).send(new AppError('not_found', 'Not found').toBody());
  });
}
