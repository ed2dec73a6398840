import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createResponseWaits } from './create-response-waits.js';

/** Answers one request whose body has been read whole; a rejection destroys the response. */
export type FakeHttpHandler = (
  request: IncomingMessage,
  response: ServerResponse,
  body: Buffer,
) => void | Promise<void>;

/** A stand-in listening on 127.0.0.1. */
export interface FakeHttpServer {
  /** `127.0.0.1:<port>` */
  readonly host: string;
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** Waits `ms`; resolves false when the client went away or the server is closing. */
  wait(response: ServerResponse, ms: number): Promise<boolean>;
  /** Ends pending waits and every open connection (hanging ones included), and stops listening. */
  close(): Promise<void>;
}

/** Starts an HTTP server on a free port of 127.0.0.1 that hands `handle` each request with its body. */
export async function startFakeHttpServer(handle: FakeHttpHandler): Promise<FakeHttpServer> {
  const { wait, cancelAll: cancelPendingWaits } = createResponseWaits();
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      new Promise<void>((resolve) => resolve(handle(request, response, body))).catch(() =>
        response.destroy(),
      );
    });
  });
  // Keep-alive connections would otherwise outlive a benchmark run by the default 5 seconds.
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const host = `127.0.0.1:${port}`;

  return {
    host,
    origin: `http://${host}`,
    wait,
    close() {
      cancelPendingWaits();
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A request body parsed as JSON: the raw text when it is not JSON, undefined when there is none. */
export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const text = body.toString();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
