/**
 * Maps every error to the structured body defined in errors.ts. The only error → HTTP mapping.
 */
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, payloadTooLarge, type FieldIssue } from './errors.js';

/** The app-wide body limit (bytes); routes may state their own (`bodyLimit`), HL7/FHIR ingest does. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Turn a validation instance path ('/items/0/id') in request part `body` into 'body.items.0.id'. */
function fieldOf(context: string | undefined, instancePath: string): string {
  return [context ?? 'body', ...instancePath.split('/').filter(Boolean)].join('.');
}

export function toAppError(err: unknown, req?: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  const code = (err as FastifyError | undefined)?.code;
  // Before the generic content-type branch below: a big body is 413 whatever its content type.
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE' || (err as FastifyError | undefined)?.statusCode === 413) {
    return payloadTooLarge(req?.routeOptions?.bodyLimit ?? DEFAULT_BODY_LIMIT);
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const issues: FieldIssue[] = err.validation.map((v) => ({
      field: fieldOf(err.validationContext, v.instancePath),
      message: v.message ?? 'Invalid value',
    }));
    const first = issues[0];
    return new AppError('validation_failed', first ? `${first.field}: ${first.message}` : 'Invalid request', issues);
  }
  if (isResponseSerializationError(err)) return new AppError('internal', 'Something went wrong on our end');
  const fe = err as FastifyError;
  if (fe.statusCode === 429) return new AppError('rate_limited', 'Too many requests. Wait a minute and try again.');
  if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('validation_failed', 'Unsupported content type', [{ field: 'headers.content-type', message: 'Unsupported content type' }]);
  }
  if (fe.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || fe.code?.startsWith('FST_ERR_CTP')) {
    return new AppError('validation_failed', 'Request body is not valid JSON', [{ field: 'body', message: 'Not valid JSON' }]);
  }
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new AppError(fe.statusCode === 404 ? 'not_found' : 'validation_failed', fe.message);
  }
  return new AppError('internal', 'Something went wrong on our end. Try again later.');
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const appErr = toAppError(err, req);
    if (appErr.code === 'rate_limited' && appErr.detail?.retryAfterSeconds) void reply.header('retry-after', appErr.detail.retryAfterSeconds);
    if (appErr.statusCode >= 500) req.log.error({ err }, 'request failed');
    else req.log.info({ code: appErr.code, statusCode: appErr.statusCode }, 'request rejected');
    void reply.status(appErr.statusCode).send(appErr.toBody());
  });
}
