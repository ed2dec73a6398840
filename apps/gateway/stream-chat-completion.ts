import type { FastifyReply } from 'fastify';
import type { RoutedStream } from '../../core/llm/router/route-types.js';
import { toGatewayError } from './openai-error.js';

/**
 * Writes a routed stream as OpenAI's Server-Sent Events: one chunk per text delta as it arrives, a final
 * chunk with finish_reason, the usage chunk when asked for, then `data: [DONE]`. The cost is known only at
 * the end, so it travels in the last chunk (`switchyard.cost_usd`) and in an HTTP trailer.
 */
export async function streamChatCompletion(
  reply: FastifyReply,
  routed: RoutedStream,
  meta: { id: string; created: number; includeUsage: boolean },
): Promise<FastifyReply> {
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    'x-request-id': reply.request.id,
    'x-switchyard-provider': routed.provider,
    'x-switchyard-model': routed.candidate,
    'x-switchyard-attempts': String(
      routed.attempts.filter((attempt) => attempt.outcome !== 'skipped').length + 1,
    ),
    trailer: 'x-switchyard-cost-usd',
  });
  reply.hijack();
  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null,
    extra: Record<string, unknown> = {},
  ) =>
    `data: ${JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: routed.candidate, choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }], ...extra })}\n\n`;

  raw.write(chunk({ role: 'assistant', content: '' }, null));
  try {
    for await (const part of routed.parts) {
      if (raw.destroyed) break;
      if (part.type === 'text-delta') {
        raw.write(chunk({ content: part.delta }, null));
        continue;
      }
      const outcome = await routed.outcome;
      const cost = outcome.costUsd.toFixed(9);
      raw.write(
        chunk({}, part.finishReason === 'other' ? 'stop' : part.finishReason, {
          switchyard: { cost_usd: cost, provider: routed.provider },
        }),
      );
      if (meta.includeUsage) {
        const usage = {
          prompt_tokens: part.usage.inputTokens,
          completion_tokens: part.usage.outputTokens,
          total_tokens: part.usage.inputTokens + part.usage.outputTokens,
        };
        raw.write(
          `data: ${JSON.stringify({ id: meta.id, object: 'chat.completion.chunk', created: meta.created, model: routed.candidate, choices: [], usage })}\n\n`,
        );
      }
      raw.addTrailers({ 'x-switchyard-cost-usd': cost });
    }
    if (!raw.destroyed) raw.write('data: [DONE]\n\n');
  } catch (error) {
    // Text already went out, so there is no failing over: tell the client in-band, as OpenAI does.
    if (!raw.destroyed) raw.write(`data: ${JSON.stringify(toGatewayError(error).body)}\n\n`);
  } finally {
    raw.end();
  }
  return reply;
}
