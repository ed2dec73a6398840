import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type GitHubRouteHandler, json, notFound } from './github-exchange.js';
import { userJson } from './github-json.js';

const conversionDocumentation = 'https://docs.github.com/rest/apps/apps#create-a-github-app-from-a-manifest';

/** The parts of an app manifest the conversion answers with. */
export interface FakeAppManifest {
  name?: string;
  url?: string;
  description?: string;
  default_permissions?: Record<string, string>;
  default_events?: string[];
}

let privateKey: string | undefined;
/** An RSA key in the PKCS#1 PEM GitHub hands out; generated once, since generating one takes a while. */
function appPrivateKey(): string {
  privateKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 })
    .privateKey.export({ type: 'pkcs1', format: 'pem' })
    .toString();
  return privateKey;
}

/** Manifests submitted on the stand-in's behalf, by the one-time code GitHub redirects back with. */
const pendingManifests = new Map<string, { manifest: FakeAppManifest; owner: string }>();

/**
 * Does what GitHub does when someone submits the manifest form: keeps the manifest and returns the one-time
 * code it appends to the manifest's `redirect_url`. The code converts once, as on GitHub.
 */
export function submitAppManifest(manifest: FakeAppManifest = {}, owner = 'switchyard-dev'): string {
  const code = randomBytes(10).toString('hex');
  pendingManifests.set(code, { manifest, owner });
  return code;
}

/** The manifest flow's code exchange; it takes no authentication, the code is the credential. */
export const appManifestRoutes = {
  'POST /app-manifests/:code/conversions': (exchange) => {
    const code = exchange.params.code!;
    const pending = pendingManifests.get(code);
    if (!pending) return notFound(conversionDocumentation);
    pendingManifests.delete(code);
    const { manifest, owner } = pending;
    const id = exchange.state.nextId();
    const name = manifest.name ?? exchange.state.appSlug;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    const web = exchange.api.replace(/\/api\/v3$/, '');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    return json(201, {
      id,
      slug,
      node_id: Buffer.from(`03:Integration${id}`).toString('base64'),
      owner: userJson({ login: owner, type: 'User' }, exchange.api),
      name,
      description: manifest.description ?? '',
      external_url: manifest.url ?? web,
      html_url: `${web}/apps/${slug}`,
      created_at: now,
      updated_at: now,
      permissions: manifest.default_permissions ?? {},
      events: manifest.default_events ?? [],
      client_id: `Iv1.${randomBytes(8).toString('hex')}`,
      client_secret: randomBytes(20).toString('hex'),
      webhook_secret: randomBytes(20).toString('hex'),
      pem: appPrivateKey(),
    });
  },
} satisfies Record<string, GitHubRouteHandler>;

/** Routes the stand-in answers without an app JWT or installation token. */
export const unauthenticatedRoutes: ReadonlySet<string> = new Set(Object.keys(appManifestRoutes));
