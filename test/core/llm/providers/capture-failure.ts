import { createServer } from 'node:net';
import { inspect } from 'node:util';
import type { StreamPart } from '../../../../core/llm/spec/model-response.js';
import { ProviderError } from '../../../../core/llm/spec/provider-error.js';

/** Fails the test unless `action` rejects with a ProviderError, which it returns. */
export async function failureOf(action: () => Promise<unknown>): Promise<ProviderError> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ProviderError) return error;
    throw new Error(`expected a ProviderError, got ${inspect(error)}`);
  }
  throw new Error('expected the call to fail');
}

/** Reads a stream to its end, or to its failure, keeping the parts that arrived before it. */
export async function drain(
  parts: AsyncIterable<StreamPart>,
): Promise<{ parts: StreamPart[]; error?: ProviderError }> {
  const received: StreamPart[] = [];
  try {
    for await (const part of parts) received.push(part);
  } catch (error) {
    if (error instanceof ProviderError) return { parts: received, error };
    throw error;
  }
  return { parts: received };
}

/** The text of the deltas among `parts`. */
export function streamText(parts: StreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.delta : '')).join('');
}

/** A port nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
