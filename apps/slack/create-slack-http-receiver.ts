import { type App, type Receiver, ReceiverMultipleAckError } from '@slack/bolt';
import type { Logger } from '../../core/logging/create-logger.js';
import { verifySlackSignature } from './verify-slack-signature.js';

/** A request to the Slack endpoint, as Fastify received it. */
export interface SlackHttpRequest {
  headers: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  rawBody: string;
}

/** What to answer Slack with. */
export interface SlackHttpAnswer {
  status: number;
  /** JSON (an object), text, or nothing. */
  body?: string | Record<string, unknown>;
}

/** Bolt's Receiver for Switchyard's Fastify server: the route hands requests in, Bolt's listeners ack them. */
export interface SlackHttpReceiver extends Receiver {
  handle(request: SlackHttpRequest): Promise<SlackHttpAnswer>;
  /** Waits for the work listeners still do after their ack (shutdown). */
  drain(): Promise<void>;
}

export interface SlackHttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Answer (200, empty) when no listener acked by then; below Slack's 3 seconds (2.5 s). */
  ackTimeoutMs?: number;
  now?: () => number;
}

function header(headers: SlackHttpRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Slash commands and interactivity are form posts (interactivity: JSON in `payload`); events are JSON. */
function parseBody(request: SlackHttpRequest): Record<string, unknown> | undefined {
  try {
    if (request.contentType?.includes('application/json'))
      return JSON.parse(request.rawBody) as Record<string, unknown>;
    const fields = Object.fromEntries(new URLSearchParams(request.rawBody));
    if (typeof fields.payload === 'string') return JSON.parse(fields.payload) as Record<string, unknown>;
    return fields;
  } catch {
    return undefined;
  }
}

const refuse = (status: number, code: string, message: string): SlackHttpAnswer => ({
  status,
  body: { error: { code, message } },
});

/**
 * Why a custom receiver and not Bolt's HTTPReceiver or ExpressReceiver: those run their own HTTP server (or
 * Express app); this one lives on Switchyard's Fastify server next to the other apps' routes, and checks the
 * signature itself, refusing timestamps more than 300 s away in either direction. It answers Slack as soon as
 * a listener acks (or after 2.5 s if none does) while the listener carries on: the equivalent of Bolt's
 * `processBeforeResponse: false`, which a long-running server wants. The work in flight is awaited on close.
 */
export function createSlackHttpReceiver(options: SlackHttpReceiverOptions): SlackHttpReceiver {
  const { logger } = options;
  const ackTimeoutMs = options.ackTimeoutMs ?? 2_500;
  const now = options.now ?? Date.now;
  const inFlight = new Set<Promise<void>>();
  let app: App | undefined;

  return {
    init(bolt) {
      app = bolt;
    },
    // Fastify listens; Bolt's start and stop have nothing to do.
    start: async () => undefined,
    stop: async () => undefined,
    async drain() {
      await Promise.allSettled([...inFlight]);
    },

    async handle(request) {
      const check = verifySlackSignature({
        signingSecret: options.signingSecret,
        timestamp: header(request.headers, 'x-slack-request-timestamp'),
        signature: header(request.headers, 'x-slack-signature'),
        rawBody: request.rawBody,
        nowSeconds: Math.floor(now() / 1000),
      });
      if (!check.valid) return refuse(401, check.code, check.message);
      const body = parseBody(request);
      if (!body)
        return refuse(400, 'slack.payload_invalid', 'The body is neither a form nor JSON Slack sends.');
      if (body.ssl_check === '1') return { status: 200 };
      if (body.type === 'url_verification')
        return { status: 200, body: { challenge: String(body.challenge ?? '') } };
      if (!app) return refuse(503, 'slack.not_ready', 'The Slack app is not initialized yet.');

      const retry = header(request.headers, 'x-slack-retry-num');
      let answer!: (value: { acked: boolean; response?: unknown }) => void;
      const answered = new Promise<{ acked: boolean; response?: unknown }>((resolve) => {
        answer = resolve;
      });
      let acknowledged = false;
      const processing = app
        .processEvent({
          body,
          retryNum: retry === undefined ? undefined : Number(retry),
          retryReason: header(request.headers, 'x-slack-retry-reason'),
          ack: async (response?: unknown) => {
            if (acknowledged) throw new ReceiverMultipleAckError();
            acknowledged = true;
            answer({ acked: true, response });
          },
        })
        .catch((error: unknown) => logger.error({ err: error }, 'slack: a listener failed'))
        .finally(() => answer({ acked: false }));
      inFlight.add(processing);
      void processing.finally(() => inFlight.delete(processing));
      const timer = setTimeout(() => answer({ acked: false }), ackTimeoutMs);
      const outcome = await answered;
      clearTimeout(timer);
      if (!outcome.acked) {
        if (!acknowledged)
          logger.warn({ type: body.type ?? body.command }, 'slack: request answered without an ack');
        return { status: 200 };
      }
      const response = outcome.response;
      if (response === undefined || response === '') return { status: 200 };
      return {
        status: 200,
        body: typeof response === 'string' ? response : (response as Record<string, unknown>),
      };
    },
  };
}
