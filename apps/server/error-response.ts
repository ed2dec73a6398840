import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isSwitchyardError } from '../../core/errors/switchyard-error.js';

/** The JSON error body of every Switchyard API (the gateway answers in OpenAI's shape instead). */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string; details?: unknown };
}

/** Maps any thrown error to `{error: {code, message}}` with the right status; never leaks a stack trace. */
export function sendApiError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (isSwitchyardError(error)) {
    if (error.status >= 500) request.log.error({ err: error }, error.message);
    return reply
      .code(error.status)
      .send({ error: { code: error.code, message: error.message, requestId: request.id } });
  }
  const fastifyError = error as FastifyError;
  if (
    fastifyError.validation ||
    fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ||
    (fastifyError.statusCode ?? 500) < 500
  ) {
    const status = fastifyError.statusCode ?? 400;
    const code =
      status === 413
        ? 'request.too_large'
        : status === 415
          ? 'request.unsupported_media_type'
          : 'request.invalid';
    return reply.code(status).send({ error: { code, message: fastifyError.message, requestId: request.id } });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.code(500).send({
    error: {
      code: 'internal',
      message: 'Internal error: see the server log for this request id',
      requestId: request.id,
    },
  });
}
