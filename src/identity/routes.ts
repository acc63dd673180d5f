/**
 * Sign-in, sign-out and "who am I". The mock sign-in routes exist only when MOCK_SIGN_IN is on
 * (never in production).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { endSession, startSession } from './session-auth.js';
import { badRequest } from '../platform/http/errors.js';
import { MockIdentityProvider } from './identity-provider.js';
import { sessionResponse } from '../shared/api/session.js';

export async function identityRoutes(app: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/session',
    {
      config: { auth: 'public' },
      schema: { tags: ['identity'], summary: 'The signed-in user and a CSRF token', response: { 200: sessionResponse } },
    },
    async (req, reply) => {
      const u = req.user;
      return {
        user: u ? { id: u.id, role: u.role, displayName: u.displayName } : null,
        csrfToken: reply.generateCsrf(),
        mockSignIn: ctx.config.MOCK_SIGN_IN,
      };
    },
  );

  r.post(
    '/api/auth/sign-out',
    {
      config: { auth: 'public' },
      schema: { tags: ['identity'], summary: 'End the session', response: { 204: z.null() } },
    },
    async (req, reply) => {
      await endSession(ctx, req, reply);
      return reply.status(204).send(null);
    },
  );

  if (!ctx.config.MOCK_SIGN_IN) return;
  const mock = new MockIdentityProvider(ctx.db);

  r.get(
    '/api/auth/demo-users',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'Demo users for the local mock sign-in page (disabled in production)',
        response: {
          200: z.object({
            users: z.array(z.object({ id: z.string(), role: z.string(), displayName: z.string(), description: z.string() })),
          }),
        },
      },
    },
    async () => ({ users: await mock.listDemoUsers() }),
  );

  r.post(
    '/api/auth/mock-sign-in',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['identity'],
        summary: 'Sign in as a demo user (disabled in production)',
        body: z.object({ userId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const userId = await mock.resolveUser(req.body);
      if (!userId) throw badRequest('No demo user with that id', 'body.userId');
      await startSession(ctx, req, reply, userId);
      return reply.status(204).send(null);
    },
  );
}
