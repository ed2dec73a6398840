// The floor for any Node webhook receiver: reads the body, checks X-Hub-Signature-256 (HMAC-SHA256 with the
// secret, constant-time compare) and answers 202, doing nothing else. Usage: start-bare-webhook-receiver.ts
// <secret>. Prints its base URL.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const secret = process.argv[2] ?? '';
const server = createServer((incoming, outgoing) => {
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const expected = Buffer.from(
      `sha256=${createHmac('sha256', secret).update(Buffer.concat(chunks)).digest('hex')}`,
    );
    const given = Buffer.from(String(incoming.headers['x-hub-signature-256'] ?? ''));
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    outgoing.writeHead(valid ? 202 : 401, { 'content-type': 'application/json' });
    outgoing.end(valid ? '{"status":"accepted"}' : '{"error":"signature"}');
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
