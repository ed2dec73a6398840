import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import type { Router } from '../../core/llm/router/create-router.js';
import type { ProjectSettings } from '../../core/projects/project-settings.js';
import { chatCompletionRequestSchema, toModelRequest } from './chat-completion-request.js';
import { listGatewayModels } from './list-gateway-models.js';
import { sendGatewayError } from './openai-error.js';
import { resolveRequestedModel } from './resolve-requested-model.js';
import { streamChatCompletion } from './stream-chat-completion.js';

/** What the gateway needs from the rest of Switchyard. */
export interface GatewayDependencies {
  /** Resolves a `sy-…` project key; null when unknown or revoked. */
  authenticate(key: string): Promise<{ projectId: string; organizationId: string } | null>;
  loadSettings(projectId: string): Promise<ProjectSettings>;
  router: Router;
}

const bearerPrefix = 'Bearer ';

async function authenticateRequest(
  request: FastifyRequest,
  dependencies: GatewayDependencies,
): Promise<ProjectSettings> {
  const header = request.headers.authorization;
  if (!header?.startsWith(bearerPrefix)) {
    throw new SwitchyardError({
      code: 'auth.missing_api_key',
      status: 401,
      message: 'Missing API key: send Authorization: Bearer sy-… with a Switchyard project key',
    });
  }
  const identity = await dependencies.authenticate(header.slice(bearerPrefix.length).trim());
  if (!identity)
    throw new SwitchyardError({
      code: 'auth.invalid_api_key',
      status: 401,
      message: 'Invalid or revoked Switchyard API key',
    });
  return dependencies.loadSettings(identity.projectId);
}

/** The completion id carries the request id, so a client's report leads straight to the log lines. */
function completionId(requestId: string): string {
  return `chatcmpl-${requestId}`;
}

/** The OpenAI-compatible gateway: `POST /v1/chat/completions` (JSON and SSE) and `GET /v1/models`. */
export async function registerGatewayRoutes(
  server: FastifyInstance,
  dependencies: GatewayDependencies,
): Promise<void> {
  await server.register(
    async (gateway) => {
      gateway.setErrorHandler((error, _request, reply) => sendGatewayError(reply, error));
      gateway.setNotFoundHandler((request, reply) =>
        sendGatewayError(
          reply,
          new SwitchyardError({
            code: 'request.not_found',
            status: 404,
            message: `Unknown gateway route ${request.method} ${request.url.split('?')[0]}: the gateway serves POST /v1/chat/completions and GET /v1/models`,
          }),
        ),
      );

      gateway.get('/models', async (request) => {
        const settings = await authenticateRequest(request, dependencies);
        return { object: 'list', data: listGatewayModels(settings) };
      });

      gateway.post('/chat/completions', async (request: FastifyRequest, reply: FastifyReply) => {
        const settings = await authenticateRequest(request, dependencies);
        const parsed = chatCompletionRequestSchema.safeParse(request.body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const param = issue.path.join('.') || null;
          return reply.code(400).send({
            error: {
              message: `${param ? `${param}: ` : ''}${issue.message}`,
              type: 'invalid_request_error',
              param,
              code: 'invalid_request',
            },
          });
        }
        const body = parsed.data;
        const preferredModel = resolveRequestedModel(body.model, settings);
        const abort = new AbortController();
        // The client went away: stop the upstream call and release the budget hold.
        request.raw.once('close', () => {
          if (!reply.raw.writableFinished) abort.abort(new DOMException('client disconnected', 'AbortError'));
        });
        const input = {
          settings,
          request: toModelRequest(body),
          callKey: `gw:${request.id}`,
          requestId: request.id,
          source: 'gateway' as const,
          preferredModel,
          signal: abort.signal,
        };
        const id = completionId(request.id);
        const created = Math.floor(Date.now() / 1000);

        if (body.stream) {
          const routed = await dependencies.router.stream(input);
          return streamChatCompletion(reply, routed, {
            id,
            created,
            includeUsage: body.stream_options?.include_usage === true,
          });
        }

        const outcome = await dependencies.router.complete(input);
        const { response } = outcome;
        reply.header('x-switchyard-provider', outcome.provider);
        reply.header('x-switchyard-model', outcome.candidate);
        reply.header('x-switchyard-cost-usd', outcome.costUsd.toFixed(9));
        reply.header(
          'x-switchyard-attempts',
          String(outcome.attempts.filter((attempt) => attempt.outcome !== 'skipped').length),
        );
        reply.header('x-switchyard-cache', outcome.cached ? 'hit' : 'miss');
        return {
          id,
          object: 'chat.completion',
          created,
          model: outcome.candidate,
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: response.text, refusal: null },
              finish_reason: response.finishReason === 'other' ? 'stop' : response.finishReason,
              logprobs: null,
            },
          ],
          usage: {
            prompt_tokens: response.usage.inputTokens,
            completion_tokens: response.usage.outputTokens,
            total_tokens: response.usage.inputTokens + response.usage.outputTokens,
          },
        };
      });
    },
    { prefix: '/v1' },
  );
}
