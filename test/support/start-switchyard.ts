import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { appRoutes } from '../../apps/server/app-routes.js';
import { type AppContext, createAppContext } from '../../apps/server/create-app-context.js';
import { createServer } from '../../apps/server/create-server.js';
import { type Environment, loadEnvironment } from '../../core/config/environment.js';
import { createLogger } from '../../core/logging/create-logger.js';
import { testKeyPrefix } from './test-resources.js';

export const adminToken = 'test-admin-token-0123456789abcdef';

/** A master key for tests, in the format SETTINGS_ENCRYPTION_KEY takes. */
export function makeMasterKey(): string {
  return randomBytes(32).toString('base64');
}

/** What a test reads of an HTTP answer. */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers.
  json(): any;
}

export interface ManagementServer {
  server: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  context: AppContext;
  /** Every log line written so far (the logger runs at trace level). */
  logs(): string;
  /** Sends a request with the admin token (or `token`, or none when `token` is null). */
  call(method: string, url: string, body?: unknown, token?: string | null): Promise<ApiResponse>;
  /** Sends a request with exactly these headers. */
  send(method: string, url: string, headers: Record<string, string>, body?: string): Promise<ApiResponse>;
  close(): Promise<void>;
}

/**
 * Switchyard as `npm start` builds it (createServer on createAppContext), listening on a free local port,
 * on the run's database and a fresh Redis prefix, with a logger that writes into memory so tests can read
 * every line. Requests travel over real HTTP: Fastify's `inject` cannot load its ESM-only `cookie`
 * dependency under jest's module runtime on Node 20.
 */
export async function startManagementServer(
  overrides: Partial<Record<keyof Environment, string>> = {},
): Promise<ManagementServer> {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } });
  const environment = loadEnvironment(process.env, {
    ADMIN_TOKEN: adminToken,
    SETTINGS_ENCRYPTION_KEY: makeMasterKey(),
    REDIS_KEY_PREFIX: testKeyPrefix('web'),
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    ANTHROPIC_API_KEY: '',
    ANTHROPIC_BASE_URL: '',
    ...overrides,
  });
  const context = createAppContext(environment, { logger });
  await Promise.all([
    context.projectSettings.ready,
    context.apiKeyAuthenticator.ready,
    context.routing.ready,
  ]);
  const server = await createServer(context, appRoutes);
  // A free port unless the test chose one (to know PUBLIC_URL before the start).
  const port = overrides.PORT === undefined ? 0 : environment.PORT;
  const origin = await server.listen({ host: '127.0.0.1', port });
  const send = async (method: string, url: string, headers: Record<string, string>, body?: string) => {
    // Redirects are answers to look at, as a browser's address bar would show them.
    const response = await fetch(`${origin}${url}`, { method, headers, body, redirect: 'manual' });
    const text = await response.text();
    return {
      statusCode: response.status,
      headers: Object.fromEntries(response.headers.entries()),
      body: text,
      json: () => JSON.parse(text),
    };
  };
  return {
    server,
    origin,
    context,
    logs: () => lines.join(''),
    send,
    call(method, url, body, token = adminToken) {
      const headers: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
      if (body !== undefined) headers['content-type'] = 'application/json';
      return send(method, url, headers, body === undefined ? undefined : JSON.stringify(body));
    },
    async close() {
      await server.close();
      await context.close();
    },
  };
}

/** Creates an organization and a project through the API and returns their ids. */
export async function createOrganizationAndProject(
  management: ManagementServer,
  names: { organization?: string; project?: string } = {},
): Promise<{ organizationId: string; projectId: string }> {
  const suffix = randomBytes(3).toString('hex');
  const organization = await management.call('POST', '/api/v1/orgs', {
    name: names.organization ?? `org-${suffix}`,
  });
  const organizationId = organization.json().id as string;
  const project = await management.call('POST', '/api/v1/projects', {
    orgId: organizationId,
    name: names.project ?? `project-${suffix}`,
  });
  return { organizationId, projectId: project.json().id as string };
}
