import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** What Slack pushes over a Socket Mode connection. */
export type SlackEnvelopeType = 'slash_commands' | 'events_api' | 'interactive';

/** An envelope as Slack sends it: `payload` is what an HTTP request would have carried. */
export interface SlackEnvelope {
  envelope_id: string;
  type: SlackEnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  /** Events API redeliveries only. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** An acknowledgement as the client sent it. */
export interface RecordedSlackAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
  /** The connection it arrived on (1 for the first). */
  connection: number;
  /** Milliseconds since the envelope was pushed. */
  elapsedMs: number;
}

/** One WebSocket connection a client opened with a ticket from `apps.connections.open`. */
export interface FakeSlackSocketConnection {
  /** 1 for the first connection, then in order. */
  readonly id: number;
  readonly ticket: string;
  readonly isOpen: boolean;
  /** Resolves with the close code once the socket is closed, whichever side closed it. */
  readonly closed: Promise<number>;
}

export interface FakeSlackSocketModeOptions {
  /** The app-level token (`xapp-…`) `apps.connections.open` must be called with. */
  appToken: string;
  appId?: string;
}

/**
 * A stand-in for Slack's Socket Mode: the answer to `apps.connections.open` (served by the Web API stand-in)
 * hands out a single-use ticket for `ws://127.0.0.1:<port>/link/?ticket=…`, where the client is greeted with
 * `hello`, envelopes are pushed and acknowledgements recorded.
 */
export interface FakeSlackSocketMode {
  readonly appId: string;
  readonly connections: readonly FakeSlackSocketConnection[];
  readonly acks: readonly RecordedSlackAck[];
  /** Slack's answer to `apps.connections.open` called with this `Authorization` header. */
  openConnection(authorization: string | undefined): Record<string, unknown>;
  /** Resolves once `count` connections have been greeted with `hello` (the last one). */
  waitForConnection(count?: number, timeoutMs?: number): Promise<FakeSlackSocketConnection>;
  /** Sends an envelope on the newest open connection and returns its id (a fresh one unless given). */
  push(envelope: Omit<SlackEnvelope, 'envelope_id'> & { envelope_id?: string }): string;
  /** Resolves with the acknowledgement of an envelope. */
  waitForAck(envelopeId: string, timeoutMs?: number): Promise<RecordedSlackAck>;
  /** Sends `disconnect` on the newest open connection, as Slack does before it recycles the link. */
  disconnect(reason: 'refresh_requested' | 'warning' | 'link_disabled'): void;
  /** Destroys the newest open connection's TCP socket without a close frame. */
  drop(): void;
  close(): Promise<void>;
}

interface Connection extends FakeSlackSocketConnection {
  socket: WebSocket;
}

const debugInfo = { host: 'applink-switchyard-test', build_number: 1 };

/** Polls `read` every 10 ms until it returns a value. */
async function waitUntil<Value>(what: string, read: () => Value | undefined, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Socket Mode stand-in: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export async function startFakeSlackSocketMode(
  options: FakeSlackSocketModeOptions,
): Promise<FakeSlackSocketMode> {
  const appId = options.appId ?? 'A0SWITCHYARD';
  const tickets = new Set<string>();
  const connections: Connection[] = [];
  const greeted: Connection[] = [];
  const acks: RecordedSlackAck[] = [];
  const pushedAt = new Map<string, number>();
  const sockets = new WebSocketServer({ noServer: true });
  const server = createServer((_request, response) => {
    response.writeHead(426, { 'content-type': 'text/plain' }).end('Upgrade Required');
  });

  server.on('upgrade', (request, tcp, head) => {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    // A ticket opens one connection: a client must call apps.connections.open again to reconnect.
    if (url.pathname !== '/link/' || !tickets.delete(ticket)) {
      tcp.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, tcp, head, (socket) => {
      let markClosed!: (code: number) => void;
      const connection: Connection = {
        id: connections.length + 1,
        ticket,
        socket,
        get isOpen() {
          return socket.readyState === socket.OPEN;
        },
        closed: new Promise((resolve) => {
          markClosed = resolve;
        }),
      };
      connections.push(connection);
      socket.on('close', (code) => markClosed(code));
      socket.on('error', () => undefined);
      socket.on('message', (data, isBinary) => {
        if (isBinary) return;
        let message: { envelope_id?: unknown; payload?: unknown };
        try {
          message = JSON.parse(data.toString());
        } catch {
          return; // Not an acknowledgement: the envelope stays unacknowledged.
        }
        if (typeof message.envelope_id !== 'string') return;
        acks.push({
          envelope_id: message.envelope_id,
          ...(message.payload === undefined ? {} : { payload: message.payload as Record<string, unknown> }),
          connection: connection.id,
          elapsedMs: performance.now() - (pushedAt.get(message.envelope_id) ?? Number.NaN),
        });
      });
      const open = connections.filter((each) => each.isOpen).length;
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: open,
          debug_info: { ...debugInfo, approximate_connection_time: 18_060 },
          connection_info: { app_id: appId },
        }),
        () => greeted.push(connection),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const newest = () => {
    const found = connections.findLast((each) => each.isOpen);
    if (!found) throw new Error('Socket Mode stand-in: no client is connected');
    return found;
  };

  return {
    appId,
    connections,
    acks,
    openConnection(authorization) {
      if (authorization === undefined) return { ok: false, error: 'not_authed' };
      if (authorization !== `Bearer ${options.appToken}`) {
        // A bot or user token is a real token, of the wrong type.
        return /^Bearer xox[bp]-/.test(authorization)
          ? { ok: false, error: 'not_allowed_token_type' }
          : { ok: false, error: 'invalid_auth' };
      }
      const ticket = randomUUID();
      tickets.add(ticket);
      return { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=${ticket}&app_id=${appId}` };
    },
    waitForConnection(count = 1, timeoutMs = 15_000) {
      return waitUntil(`connection ${count}`, () => greeted[count - 1], timeoutMs);
    },
    push(envelope) {
      const envelopeId = envelope.envelope_id ?? randomUUID();
      pushedAt.set(envelopeId, performance.now());
      newest().socket.send(JSON.stringify({ ...envelope, envelope_id: envelopeId }));
      return envelopeId;
    },
    waitForAck(envelopeId, timeoutMs = 5_000) {
      return waitUntil(
        `the acknowledgement of ${envelopeId}`,
        () => acks.find((ack) => ack.envelope_id === envelopeId),
        timeoutMs,
      );
    },
    disconnect(reason) {
      newest().socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: debugInfo }));
    },
    drop() {
      newest().socket.terminate();
    },
    async close() {
      for (const connection of connections) connection.socket.terminate();
      sockets.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
