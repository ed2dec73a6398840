import type { FastifyReply } from 'fastify';
import { isSwitchyardError } from '../../core/errors/switchyard-error.js';
import { ProviderError } from '../../core/llm/spec/provider-error.js';

/** OpenAI's error body, so tools built on the OpenAI SDK surface Switchyard's errors naturally. */
export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export interface GatewayError {
  status: number;
  body: OpenAIErrorBody;
}

function body(
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
): OpenAIErrorBody {
  return { error: { message, type, param, code } };
}

/** Maps any error to an OpenAI-shaped body and status; never a stack trace. */
export function toGatewayError(error: unknown): GatewayError {
  if (error instanceof ProviderError) {
    // Upstream problems are ours to report (502), except errors about the request itself.
    if (error.reason === 'bad_request' || error.reason === 'context_length') {
      return {
        status: 400,
        body: body(
          `${error.provider} rejected the request: ${error.message}`,
          'invalid_request_error',
          error.reason === 'context_length' ? 'context_length_exceeded' : 'upstream_bad_request',
        ),
      };
    }
    if (error.reason === 'auth_failed') {
      return {
        status: 502,
        body: body(
          `${error.provider} rejected the credentials Switchyard has for it: check the provider key in the project's settings`,
          'server_error',
          'provider_auth_failed',
        ),
      };
    }
    if (error.reason === 'not_found') {
      return {
        status: 404,
        body: body(
          `${error.provider} does not know model ${error.model}`,
          'invalid_request_error',
          'model_not_found',
          'model',
        ),
      };
    }
    return {
      status: 502,
      body: body(`${error.provider} failed: ${error.message}`, 'server_error', error.code),
    };
  }
  if (isSwitchyardError(error)) {
    if (error.code === 'budget.exceeded')
      return { status: 402, body: body(error.message, 'insufficient_quota', 'budget_exceeded') };
    if (error.code === 'router.no_healthy_provider')
      return { status: 503, body: body(error.message, 'server_error', 'no_healthy_provider') };
    if (error.code === 'budget.unavailable')
      return { status: 503, body: body(error.message, 'server_error', 'budget_unavailable') };
    if (error.status === 401)
      return { status: 401, body: body(error.message, 'invalid_request_error', 'invalid_api_key') };
    if (error.status < 500)
      return { status: error.status, body: body(error.message, 'invalid_request_error', error.code) };
    return { status: error.status, body: body(error.message, 'server_error', error.code) };
  }
  const fastifyError = error as { statusCode?: number; message?: string; code?: string };
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    const message =
      fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
        ? `The request body is not valid JSON: ${fastifyError.message}`
        : (fastifyError.message ?? 'Bad request');
    return {
      status: fastifyError.statusCode,
      body: body(message, 'invalid_request_error', fastifyError.code ?? null),
    };
  }
  return {
    status: 500,
    body: body('Internal error: see the Switchyard log for this request id', 'server_error', 'internal'),
  };
}

export function sendGatewayError(reply: FastifyReply, error: unknown): FastifyReply {
  const mapped = toGatewayError(error);
  if (mapped.status >= 500 && !(error instanceof ProviderError) && !isSwitchyardError(error))
    reply.request.log.error({ err: error }, 'gateway error');
  return reply.code(mapped.status).send(mapped.body);
}
