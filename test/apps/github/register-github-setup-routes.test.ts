import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Fastify, { type FastifyInstance } from 'fastify';
import { parse as parseYaml } from 'yaml';
import { readGitHubAppSettings } from '../../../apps/github/read-github-app-settings.js';
import { registerGitHubSetupRoutes } from '../../../apps/github/register-github-setup-routes.js';
import { loadEnvironment } from '../../../core/config/environment.js';
import { findProjectRoot } from '../../../core/config/project-root.js';
import { createLogger } from '../../../core/logging/create-logger.js';
import { type FakeAppManifest, submitAppManifest } from '../../fakes/github-app-manifest-routes.js';
import { type FakeGitHub, startFakeGitHub } from '../../fakes/github-server.js';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';

/** No GitHub App configured, whatever the machine's environment says. */
const noGitHubApp = { APP_ID: '', PRIVATE_KEY: '', PRIVATE_KEY_PATH: '', WEBHOOK_SECRET: '' };
const appYaml = parseYaml(readFileSync(join(findProjectRoot(), 'app.yml'), 'utf8')) as Record<
  string,
  unknown
>;
const folder = mkdtempSync(join(tmpdir(), 'switchyard-setup-'));

let github: FakeGitHub;
beforeAll(async () => {
  github = await startFakeGitHub();
});
afterAll(async () => {
  await github.close();
  rmSync(folder, { recursive: true, force: true });
});

interface SetupServer {
  origin: string;
  environmentFile: string;
  logs(): string;
  get(path: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

let serverCount = 0;
/** Only the setup routes on a bare Fastify server, writing to a `.env` of their own, GitHub being the stand-in. */
async function startSetupServer(environment: Record<string, string> = {}): Promise<SetupServer> {
  serverCount += 1;
  const environmentFile = join(folder, `${serverCount}.env`);
  const lines: string[] = [];
  const server: FastifyInstance = Fastify();
  await registerGitHubSetupRoutes(server, {
    environment: loadEnvironment(process.env, {
      ...noGitHubApp,
      PUBLIC_URL: '',
      GHE_HOST: github.host,
      GHE_PROTOCOL: 'http',
      ...environment,
    }),
    logger: createLogger({ level: 'trace', destination: { write: (line: string) => lines.push(line) } }),
    environmentFile,
  });
  const origin = await server.listen({ host: '127.0.0.1', port: 0 });
  return {
    origin,
    environmentFile,
    logs: () => lines.join(''),
    async get(path) {
      const response = await fetch(`${origin}${path}`);
      return { status: response.status, text: await response.text() };
    },
    close: () => server.close(),
  };
}

const unescapeHtml = (text: string) =>
  text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

/** The registration form of the /probot page: where it posts, and the manifest it carries. */
function readForm(html: string): { action: string; manifest: Record<string, unknown> } {
  const action = /<form action="([^"]*)" method="post">/.exec(html)?.[1];
  const value = /<input type="hidden" name="manifest" value="([^"]*)">/.exec(html)?.[1];
  if (action === undefined || value === undefined) throw new Error(`no registration form in:\n${html}`);
  return { action: unescapeHtml(action), manifest: JSON.parse(unescapeHtml(value)) };
}

describe('the GitHub App setup routes', () => {
  let setup: SetupServer;
  beforeAll(async () => {
    setup = await startSetupServer();
  });
  afterAll(() => setup.close());

  describe('GET /probot', () => {
    it('shows a form that registers the app on the configured GitHub from app.yml', async () => {
      const page = await setup.get('/probot');
      expect(page.status).toBe(200);
      const { action, manifest } = readForm(page.text);
      expect(action).toMatch(new RegExp(`^http://${github.host}/settings/apps/new\\?state=[0-9a-f]{32}$`));
      expect(manifest).toMatchObject({
        name: appYaml.name,
        default_permissions: appYaml.default_permissions,
        default_events: appYaml.default_events,
        public: false,
      });
    });

    it('points the manifest’s webhook and redirect at this server', async () => {
      const { manifest } = readForm((await setup.get('/probot')).text);
      expect(manifest.url).toBe(setup.origin);
      expect(manifest.hook_attributes).toEqual({ url: `${setup.origin}/api/github/webhooks`, active: true });
      expect(manifest.redirect_url).toBe(`${setup.origin}/probot/setup`);
    });

    it('asks only for the permissions the agents need', async () => {
      const { manifest } = readForm((await setup.get('/probot')).text);
      expect(manifest.default_permissions).toEqual({
        metadata: 'read',
        contents: 'read',
        pull_requests: 'write',
        issues: 'write',
      });
    });

    it('registers the app under an organization named in ?org=, and ignores a malformed one', async () => {
      expect(readForm((await setup.get('/probot?org=acme-corp')).text).action).toMatch(
        new RegExp(`^http://${github.host}/organizations/acme-corp/settings/apps/new\\?state=`),
      );
      const malformed = await setup.get(`/probot?org=${encodeURIComponent('"><script>x</script>')}`);
      expect(readForm(malformed.text).action).toMatch(
        new RegExp(`^http://${github.host}/settings/apps/new\\?state=`),
      );
      expect(malformed.text).not.toContain('<script>');
    });

    it('uses PUBLIC_URL, without a trailing slash, when Switchyard sits behind a proxy', async () => {
      const proxied = await startSetupServer({ PUBLIC_URL: 'https://switchyard.example.com/' });
      try {
        const { manifest } = readForm((await proxied.get('/probot')).text);
        expect(manifest.hook_attributes).toMatchObject({
          url: 'https://switchyard.example.com/api/github/webhooks',
        });
        expect(manifest.redirect_url).toBe('https://switchyard.example.com/probot/setup');
      } finally {
        await proxied.close();
      }
    });
  });

  describe('GET /probot/setup, once GitHub redirects back with a code', () => {
    let code: string;
    let page: { status: number; text: string };
    let written: Record<string, string | undefined>;
    beforeAll(async () => {
      writeFileSync(
        setup.environmentFile,
        '# local settings\nDATABASE_URL=postgres://localhost/switchyard\n',
      );
      const { manifest, action } = readForm((await setup.get('/probot')).text);
      code = submitAppManifest(manifest as FakeAppManifest);
      // GitHub sends back the state it received with the form.
      const state = new URL(action).searchParams.get('state');
      page = await setup.get(`/probot/setup?code=${code}&state=${state}`);
      written = parseEnv(readFileSync(setup.environmentFile, 'utf8'));
    });

    it('exchanges the code with GitHub, which needs no authentication for it', () => {
      const conversion = github.calls.find((call) => call.route === 'POST /app-manifests/:code/conversions');
      expect(conversion).toMatchObject({ path: `/api/v3/app-manifests/${code}/conversions`, status: 201 });
      expect(conversion?.headers.authorization).toBeUndefined();
    });

    it('tells the person to restart and links to the installation of the new app', () => {
      expect(page.status).toBe(200);
      expect(page.text).toContain('Switchyard is registered');
      expect(page.text).toContain('Restart Switchyard');
      expect(page.text).toContain(`http://${github.host}/apps/switchyard/installations/new`);
    });

    it('writes the app id, private key and webhook secret to the .env file, keeping its other lines', () => {
      expect(written.DATABASE_URL).toBe('postgres://localhost/switchyard');
      expect(readFileSync(setup.environmentFile, 'utf8')).toContain('# local settings');
      expect(written.APP_ID).toMatch(/^\d+$/);
      expect(written.WEBHOOK_SECRET).toMatch(/^[0-9a-f]{40}$/);
      expect(written.PRIVATE_KEY).toMatch(
        /^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/,
      );
      expect(() => createPrivateKey(written.PRIVATE_KEY!)).not.toThrow();
    });

    it('writes what a restarted Switchyard reads as its GitHub App', () => {
      const environment = loadEnvironment(
        { ...process.env, ...noGitHubApp, ...written },
        { GHE_HOST: github.host, GHE_PROTOCOL: 'http' },
      );
      expect(readGitHubAppSettings(environment)).toMatchObject({
        appId: Number(written.APP_ID),
        webhookSecret: written.WEBHOOK_SECRET,
        baseUrl: github.enterpriseBaseUrl,
      });
    });

    it('never logs the private key or the webhook secret', () => {
      const logs = setup.logs();
      expect(logs).toContain('GitHub App registered');
      expect(logs).not.toContain(written.WEBHOOK_SECRET);
      expect(logs).not.toContain(written.PRIVATE_KEY!.split('\n')[1]);
    });
  });

  describe('GET /probot/setup without a usable code', () => {
    it('refuses a request without a code, or with a malformed one, without calling GitHub', async () => {
      const before = github.calls.length;
      for (const query of ['', '?code=', `?code=${encodeURIComponent('../../user')}`]) {
        const answer = await setup.get(`/probot/setup${query}`);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'github.setup_code_missing' } });
        expect(answer.text).toContain('/probot');
      }
      expect(github.calls.length).toBe(before);
    });

    it('refuses a code that comes back without a state this server issued, without calling GitHub', async () => {
      const before = github.calls.length;
      for (const query of ['?code=abc123', '?code=abc123&state=forged']) {
        const answer = await setup.get(`/probot/setup${query}`);
        expect(answer.status).toBe(400);
        expect(JSON.parse(answer.text)).toMatchObject({ error: { code: 'github.setup_state_invalid' } });
      }
      expect(github.calls.length).toBe(before);
    });

    it('leaves the .env file alone when GitHub refuses the code', async () => {
      writeFileSync(setup.environmentFile, 'APP_ID="1"\n');
      const { action } = readForm((await setup.get('/probot')).text);
      const state = new URL(action).searchParams.get('state');
      const answer = await setup.get(`/probot/setup?code=unknowncode123&state=${state}`);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(readFileSync(setup.environmentFile, 'utf8')).toBe('APP_ID="1"\n');
    });
  });
});

describe('Switchyard started without a GitHub App', () => {
  let switchyard: ManagementServer;
  beforeAll(async () => {
    switchyard = await startManagementServer({ ...noGitHubApp, GHE_HOST: github.host, GHE_PROTOCOL: 'http' });
  });
  afterAll(() => switchyard?.close());

  it('serves the registration page instead of the webhook endpoint', async () => {
    const page = await switchyard.send('GET', '/probot', {});
    expect(page.statusCode).toBe(200);
    expect(readForm(page.body).manifest.redirect_url).toBe(`${switchyard.origin}/probot/setup`);
    const webhook = await switchyard.send(
      'POST',
      '/api/github/webhooks',
      { 'content-type': 'application/json' },
      '{}',
    );
    expect(webhook.statusCode).toBe(404);
    expect(switchyard.logs()).toContain('open /probot on this server to register one');
  });

  // GitHub's codes are single-use and expire after an hour, so reloading the setup page or coming back later
  // is common. The Octokit RequestError carries `status`, not `statusCode`, so sendApiError answers 500
  // "Internal error" and logs it as unhandled, instead of telling the person to start again at /probot.
  it('answers a code GitHub refuses (used or expired) with a 4xx telling to start again', async () => {
    const form = await switchyard.send('GET', '/probot', {});
    const state = new URL(readForm(form.body).action).searchParams.get('state');
    const answer = await switchyard.send('GET', `/probot/setup?code=expiredcode123&state=${state}`, {});
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    expect(answer.body).toContain('/probot');
  });
});
