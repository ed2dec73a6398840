import type { ServerResponse } from 'node:http';
import type { FakeBehavior } from './start-fake-server.js';

type Wait = (ms: number) => Promise<boolean>;

const jsonHeaders = { 'content-type': 'application/json' };
const eventStreamHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
};
// Enough for the client to have read what was written before the socket goes.
const flushMs = 20;

/** Writes a JSON answer, applying the behaviors that bend its delivery (malformed, slow, cut-stream). */
export async function writeJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  behavior?: FakeBehavior,
  wait?: Wait,
): Promise<void> {
  if (behavior?.kind === 'malformed') {
    response.writeHead(200, { ...headers, 'content-type': behavior.contentType ?? 'application/json' });
    response.end(behavior.body ?? '{"id": "broken", "choices": [{"message": ');
    return;
  }
  const text = JSON.stringify(body);
  if (behavior?.kind === 'cut-stream' && wait) {
    response.writeHead(status, {
      ...headers,
      ...jsonHeaders,
      'content-length': String(Buffer.byteLength(text)),
    });
    response.write(text.slice(0, Math.floor(text.length / 2)));
    if (await wait(flushMs)) response.destroy();
    return;
  }
  if (behavior?.kind === 'slow' && wait) {
    response.writeHead(status, { ...headers, ...jsonHeaders });
    response.flushHeaders();
    if (await wait(behavior.delayMs)) response.end(text);
    return;
  }
  response.writeHead(status, { ...headers, ...jsonHeaders });
  response.end(text);
}

/** Writes server-sent events: at once, `delayMs` apart (slow), or cut after `afterChunks` (cut-stream). */
export async function writeEvents(
  response: ServerResponse,
  events: string[],
  headers: Record<string, string>,
  behavior: FakeBehavior,
  wait: Wait,
): Promise<void> {
  response.writeHead(200, { ...headers, ...eventStreamHeaders });
  if (behavior.kind === 'cut-stream') {
    response.write(events.slice(0, behavior.afterChunks).join(''));
    if (await wait(flushMs)) response.destroy();
    return;
  }
  if (behavior.kind === 'slow') {
    response.flushHeaders();
    for (const event of events) {
      if (!(await wait(behavior.delayMs))) return;
      response.write(event);
    }
    response.end();
    return;
  }
  response.end(events.join(''));
}
