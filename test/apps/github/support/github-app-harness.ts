import { createHmac, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import type { JobWorker } from '../../../../core/jobs/create-job-worker.js';
import { type FakeGitHub, startFakeGitHub } from '../../../fakes/github-server.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../../fakes/openai-server.js';
import { type ManagementServer, startManagementServer } from '../../../support/start-switchyard.js';
import { startTestIntake, startTestWorker } from '../../../support/start-test-worker.js';

const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{
  name: string;
  examples: Array<Record<string, unknown>>;
}>;

/** A real GitHub payload from @octokit/webhooks-examples, deep-copied. */
// biome-ignore lint/suspicious/noExplicitAny: tests edit arbitrary fields of real payloads.
export function examplePayload(event: string, action: string): Record<string, any> {
  const found = examples
    .find((entry) => entry.name === event)
    ?.examples.find((example) => example.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  return structuredClone(found) as Record<string, any>;
}

export const webhookSecret = `whsec-${randomBytes(8).toString('hex')}`;
export const installationId = 4242;

/** Signs a body as GitHub does: `sha256=` + HMAC-SHA256 of the raw bytes with the webhook secret. */
export function signBody(body: string, secret = webhookSecret): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export interface GitHubAppHarness {
  github: FakeGitHub;
  openai: FakeOpenAI;
  switchyard: ManagementServer;
  /** Posts a webhook over HTTP, signed unless `signature` is given; returns status and JSON. */
  deliver(
    event: string,
    payload: unknown,
    options?: { deliveryId?: string; signature?: string | null },
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  ): Promise<{ status: number; body: any; deliveryId: string }>;
  /** Starts an agent worker with short locks (a killed one's job is picked up within about a second). */
  startWorker(): JobWorker;
  close(): Promise<void>;
}

/**
 * Switchyard with a GitHub App pointed at the GitHub stand-in (GHE_HOST, GHE_PROTOCOL=http) and OpenAI
 * pointed at its stand-in, served over real HTTP, plus agent workers on the same Redis and database.
 */
export async function startGitHubAppHarness(
  environment: Record<string, string> = {},
): Promise<GitHubAppHarness> {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const github = await startFakeGitHub({ appPublicKey: keys.publicKey });
  const openai = await startFakeOpenAI();
  const switchyard = await startManagementServer({
    APP_ID: '77',
    PRIVATE_KEY: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    WEBHOOK_SECRET: webhookSecret,
    GHE_HOST: github.host,
    GHE_PROTOCOL: 'http',
    GITHUB_WRITE_INTERVAL_MS: '0',
    GITHUB_REQUEST_RETRIES: '1',
    OPENAI_API_KEY: 'sk-test-0000',
    OPENAI_BASE_URL: openai.baseUrl,
    ROUTER_DEFAULT_MODELS: 'openai:gpt-4.1-mini',
    JOB_DEBOUNCE_MS: '200',
    JOB_BACKOFF_MS: '100',
    JOB_ATTEMPTS: '2',
    ...environment,
  });
  const workers: JobWorker[] = [];
  const { context } = switchyard;
  // Accepted webhooks become jobs in the intake consumer, as in a worker process.
  const intake = startTestIntake(context);
  return {
    github,
    openai,
    switchyard,
    async deliver(event, payload, options = {}) {
      const body = JSON.stringify(payload);
      const deliveryId = options.deliveryId ?? randomUUID();
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-github-event': event,
        'x-github-delivery': deliveryId,
        'user-agent': 'GitHub-Hookshot/e2e',
      };
      if (options.signature !== null) headers['x-hub-signature-256'] = options.signature ?? signBody(body);
      const response = await switchyard.send('POST', '/api/github/webhooks', headers, body);
      return { status: response.statusCode, body: response.json(), deliveryId };
    },
    startWorker() {
      const worker = startTestWorker(context);
      workers.push(worker);
      return worker;
    },
    async close() {
      await intake.close();
      await Promise.all(workers.map((worker) => worker.close({ force: true }).catch(() => {})));
      await switchyard.close();
      await github.close();
      await openai.close();
    },
  };
}

/** Polls until `read` returns a defined value, or fails after `timeoutMs` with `what`. */
export async function waitFor<Value>(
  what: string,
  read: () => Value | undefined | Promise<Value | undefined>,
  timeoutMs = 10_000,
): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits `ms`, for checks that something does NOT happen. */
export function settle(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
