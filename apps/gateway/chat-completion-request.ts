import { z } from 'zod';
import type { ModelMessage, ModelRequest } from '../../core/llm/spec/model-request.js';

const textPart = z.object({ type: z.literal('text'), text: z.string() });

/** A message content: a string or an array of text parts (images and audio are not routed yet). */
const content = z
  .union([z.string(), z.array(textPart)])
  .nullable()
  .optional();

const message = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content,
  name: z.string().optional(),
});

/** The subset of OpenAI's Chat Completions request that Switchyard routes to every provider. */
export const chatCompletionRequestSchema = z
  .object({
    model: z
      .string()
      .min(1, 'model is required: use "auto", "provider:model" or a model from your routing list'),
    messages: z.array(message).min(1, 'messages must contain at least one message'),
    max_tokens: z.number().int().positive().nullable().optional(),
    max_completion_tokens: z.number().int().positive().nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().min(0).max(1).nullable().optional(),
    stop: z
      .union([z.string(), z.array(z.string()).max(4)])
      .nullable()
      .optional(),
    stream: z.boolean().nullable().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    response_format: z
      .object({ type: z.enum(['text', 'json_object']) })
      .nullable()
      .optional(),
    user: z.string().max(256).optional(),
    n: z.literal(1, 'only n=1 is supported').nullable().optional(),
    tools: z.undefined('tool calling is not supported by the Switchyard gateway yet').optional(),
    functions: z.undefined('function calling is not supported by the Switchyard gateway yet').optional(),
  })
  .passthrough();

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

function textOf(value: z.infer<typeof content>): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : value.map((part) => part.text).join('');
}

/** Converts an OpenAI request to the router's normalized request (system and developer messages become `system`). */
export function toModelRequest(body: ChatCompletionRequest): ModelRequest {
  const system: string[] = [];
  const messages: ModelMessage[] = [];
  for (const entry of body.messages) {
    if (entry.role === 'system' || entry.role === 'developer') system.push(textOf(entry.content));
    else messages.push({ role: entry.role, content: textOf(entry.content) });
  }
  const maxOutputTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  return {
    system: system.length > 0 ? system.join('\n\n') : undefined,
    messages,
    maxOutputTokens,
    temperature: body.temperature ?? undefined,
    topP: body.top_p ?? undefined,
    stop:
      body.stop === null || body.stop === undefined
        ? undefined
        : Array.isArray(body.stop)
          ? body.stop
          : [body.stop],
    responseFormat: body.response_format?.type === 'json_object' ? 'json' : undefined,
    user: body.user,
  };
}
