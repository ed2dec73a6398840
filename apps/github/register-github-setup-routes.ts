import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProbotOctokit } from 'probot';
import { parse as parseYaml } from 'yaml';
import type { Environment } from '../../core/config/environment.js';
import { findProjectRoot } from '../../core/config/project-root.js';
import { updateEnvironmentFile } from '../../core/config/update-environment-file.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { githubApiBaseUrl } from './read-github-app-settings.js';
import { githubWebhookPath } from './register-github-webhook-route.js';

export interface GitHubSetupOptions {
  environment: Environment;
  logger: Logger;
  /** The `.env` file the new app's credentials are written to (default: the Switchyard folder's). */
  environmentFile?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function publicUrlOf(request: FastifyRequest, environment: Environment): string {
  if (environment.PUBLIC_URL) return environment.PUBLIC_URL.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

function githubWebUrl(environment: Environment): string {
  return environment.GHE_HOST
    ? `${environment.GHE_PROTOCOL}://${environment.GHE_HOST}`
    : 'https://github.com';
}

/** The manifest GitHub registers the app from: app.yml, pointed at this server. */
export function buildGitHubAppManifest(publicUrl: string): Record<string, unknown> {
  const manifest = parseYaml(readFileSync(join(findProjectRoot(), 'app.yml'), 'utf8')) as Record<
    string,
    unknown
  >;
  return {
    ...manifest,
    url: publicUrl,
    hook_attributes: { url: `${publicUrl}${githubWebhookPath}`, active: true },
    redirect_url: `${publicUrl}/probot/setup`,
  };
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2328}
button{font:inherit;padding:.5rem 1rem;background:#1f883d;color:#fff;border:0;border-radius:6px;cursor:pointer}
code{background:#f6f8fa;padding:.1rem .3rem;border-radius:4px}</style></head><body>${body}</body></html>`;
}

/**
 * Probot's manifest flow, for a Switchyard started without a GitHub App: `/probot` shows a button that
 * registers the app on GitHub from app.yml; GitHub redirects to `/probot/setup?code=…`, where the code is
 * exchanged for the app's id, private key and webhook secret, written to `.env`. Restart, then install it.
 */
export async function registerGitHubSetupRoutes(
  server: FastifyInstance,
  options: GitHubSetupOptions,
): Promise<void> {
  const { environment, logger } = options;
  const environmentFile = options.environmentFile ?? join(findProjectRoot(), '.env');
  // GitHub returns the `state` of the form it received: a code is only exchanged for a flow this server
  // started (and only once), so another page cannot make it write someone else's app into .env.
  const states = new Map<string, number>();
  const stateTtlMs = 60 * 60 * 1000;
  const issueState = () => {
    const now = Date.now();
    for (const [state, expiresAt] of states) if (expiresAt < now) states.delete(state);
    if (states.size >= 1000) states.delete(states.keys().next().value!);
    const state = randomBytes(16).toString('hex');
    states.set(state, now + stateTtlMs);
    return state;
  };
  const startAgain = (code: string, message: string) => ({
    error: { code, message: `${message} Start again at /probot.` },
  });

  server.get('/probot', async (request, reply) => {
    const publicUrl = publicUrlOf(request, environment);
    const query = request.query as { org?: string };
    const organization =
      typeof query.org === 'string' && /^[A-Za-z0-9-]{1,39}$/.test(query.org) ? query.org : undefined;
    const target = `${githubWebUrl(environment)}${organization ? `/organizations/${organization}` : ''}/settings/apps/new?state=${issueState()}`;
    const manifest = JSON.stringify(buildGitHubAppManifest(publicUrl));
    return reply.type('text/html; charset=utf-8').send(
      page(
        'Register Switchyard as a GitHub App',
        `<h1>Register Switchyard as a GitHub App</h1>
<p>No GitHub App is configured yet (<code>APP_ID</code>, <code>PRIVATE_KEY</code>, <code>WEBHOOK_SECRET</code>).
This registers one on ${escapeHtml(githubWebUrl(environment))} with the permissions in <code>app.yml</code>,
sending webhooks to <code>${escapeHtml(publicUrl + githubWebhookPath)}</code>.</p>
<p>To register it under an organization, open <code>/probot?org=&lt;organization&gt;</code>.</p>
<form action="${escapeHtml(target)}" method="post">
<input type="hidden" name="manifest" value="${escapeHtml(manifest)}">
<button type="submit">Register GitHub App</button></form>`,
      ),
    );
  });

  server.get('/probot/setup', async (request, reply) => {
    const { code, state } = request.query as { code?: unknown; state?: unknown };
    if (typeof code !== 'string' || !/^[A-Za-z0-9_-]{1,200}$/.test(code)) {
      const message = 'The ?code= GitHub sends after registering the app is missing or malformed.';
      return reply.code(400).send(startAgain('github.setup_code_missing', message));
    }
    const expiresAt = typeof state === 'string' ? states.get(state) : undefined;
    if (expiresAt === undefined || expiresAt < Date.now()) {
      const message = 'This registration was not started on this server, or it expired (after an hour).';
      return reply.code(400).send(startAgain('github.setup_state_invalid', message));
    }
    states.delete(state as string);
    const octokit = new ProbotOctokit({
      baseUrl: githubApiBaseUrl(environment),
      log: logger.child({ name: 'github-setup' }),
    });
    let data: { id: number; pem: string; webhook_secret?: string | null; name?: string; html_url: string };
    try {
      ({ data } = await octokit.request('POST /app-manifests/{code}/conversions', { code }));
    } catch (error) {
      logger.warn({ err: error }, 'GitHub refused the app registration code');
      const message = 'GitHub refused this registration code: codes work once and expire after an hour.';
      return reply.code(400).send(startAgain('github.setup_code_refused', message));
    }
    updateEnvironmentFile(environmentFile, {
      APP_ID: String(data.id),
      PRIVATE_KEY: data.pem,
      WEBHOOK_SECRET: data.webhook_secret ?? '',
    });
    logger.warn(
      { appId: data.id, environmentFile },
      'GitHub App registered and written to .env: restart Switchyard to use it',
    );
    return reply.type('text/html; charset=utf-8').send(
      page(
        'GitHub App registered',
        `<h1>${escapeHtml(data.name ?? 'The app')} is registered</h1>
<p>Its id, private key and webhook secret were written to <code>${escapeHtml(environmentFile)}</code>.</p>
<ol><li>Restart Switchyard so it reads them.</li>
<li><a href="${escapeHtml(`${data.html_url}/installations/new`)}">Install the app</a> on the repositories it should review.</li></ol>`,
      ),
    );
  });
}
