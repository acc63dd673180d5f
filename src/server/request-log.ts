/**
 * Fastify's request log lines, as the on-call engineer reads them: ONE line per request, written
 * when it completes (method, path, status, time, request id), instead of Fastify's two (incoming +
 * completed) — half the logging cost on every request, which was 15–20 % of the medication list's
 * app CPU (bench/medications-list-cpu.ts). A request that never answers still shows in the request
 * duration metrics and Fastify's timeout errors.
 *
 * The request and reply go into the line as plain values: the PHI formatter (platform/logging)
 * copies own properties only, so Fastify's default `{ req: request, res: reply }` lost the method,
 * URL and status (getters on prototypes) and the lines said only "request completed".
 */
import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

const requestFields = (req: FastifyRequest) => ({ method: req.method, url: req.url, id: req.id });
const responseTime = (reply: FastifyReply) => Math.round(reply.elapsedTime * 100) / 100;

export class RequestLogController extends LogController {
  override incomingRequest(): void {
    // Folded into requestCompleted.
  }

  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(req)) return;
    const line = { req: requestFields(req), res: { statusCode: reply.statusCode }, responseTime: responseTime(reply) };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}
