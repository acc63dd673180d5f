/**
 * The stand-ins' "timeout" fault: hold a request without answering, then drop the socket, so the
 * caller sees a timeout or a reset. Shared by the VA Notify, VA Profile and AAL stand-ins; the
 * app's onClose releases every held socket so servers stop promptly.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';

export class HungReplies {
  private readonly held = new Set<FastifyReply>();

  /** Register release-on-close with `app` (optional when the owner calls releaseAll itself). */
  constructor(app?: FastifyInstance) {
    app?.addHook('onClose', async () => this.releaseAll());
  }

  hold(reply: FastifyReply, ms: number): FastifyReply {
    this.held.add(reply);
    setTimeout(() => {
      this.held.delete(reply);
      reply.raw.destroy();
    }, ms).unref();
    reply.hijack();
    return reply;
  }

  releaseAll(): void {
    for (const r of this.held) r.raw.destroy();
    this.held.clear();
  }
}
