import { randomBytes } from 'node:crypto';
import { unifiedDiff } from './github-diff.js';
import {
  bodyObject,
  type GitHubAnswer,
  type GitHubExchange,
  type GitHubRouteHandler,
  json,
  notFound,
  paginate,
  withPull,
  withRepository,
} from './github-exchange.js';
import {
  commitJson,
  contentJson,
  directoryEntryJson,
  fileJson,
  pullRequestJson,
  repositoryJson,
  userJson,
} from './github-json.js';
import { blobSha, compareCommits, comparePull, resolveRef, timestamp } from './github-repository.js';
import type { FakePermission } from './github-state.js';

const defaultTokenPermissions = {
  contents: 'read',
  issues: 'write',
  metadata: 'read',
  pull_requests: 'write',
};

/** Answers `Accept: application/vnd.github.diff` (or `.v3.diff`) with text instead of JSON. */
function wantsDiff(exchange: GitHubExchange): boolean {
  return /application\/vnd\.github(\.v3)?\.diff/.test(String(exchange.headers.accept ?? ''));
}

function diffAnswer(text: string): GitHubAnswer {
  return { status: 200, text, contentType: 'text/plain; charset=utf-8' };
}

/** Routes that read state (and the app's token exchange); keys are `METHOD /path` with `:params`. */
export const readRoutes = {
  'POST /app/installations/:installation_id/access_tokens': (exchange) => {
    const installationId = Number(exchange.params.installation_id);
    const requested = bodyObject(exchange).permissions;
    const permissions =
      typeof requested === 'object' && requested !== null
        ? (requested as Record<string, string>)
        : defaultTokenPermissions;
    const token = `ghs_${randomBytes(18).toString('base64url').replace(/[-_]/g, '0')}`;
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const jwt = exchange.jwt!;
    exchange.state.tokens.set(token, { token, installationId, expiresAt, permissions, jwt });
    return json(201, { token, expires_at: expiresAt, permissions, repository_selection: 'all' });
  },

  'GET /app': (exchange) =>
    json(200, {
      id: Number(exchange.jwt?.payload.iss) || 1,
      slug: exchange.state.appSlug,
      name: exchange.state.appSlug,
      owner: userJson({ login: 'switchyard-dev', type: 'User' }, exchange.api),
      permissions: defaultTokenPermissions,
      events: ['issue_comment', 'pull_request', 'pull_request_review_comment'],
    }),

  'GET /repos/:owner/:repo/installation': (exchange) =>
    withRepository(exchange, (repository) =>
      json(200, {
        id: 1,
        account: userJson({ login: repository.owner, type: 'User' }, exchange.api),
        app_slug: exchange.state.appSlug,
        repository_selection: 'all',
        permissions: defaultTokenPermissions,
      }),
    ),

  'GET /repos/:owner/:repo': (exchange) =>
    withRepository(exchange, (repository) => json(200, repositoryJson(repository, exchange.api))),

  'GET /repos/:owner/:repo/pulls/:number': (exchange) =>
    withPull(exchange, (repository, issue) => {
      const comparison = comparePull(repository, issue)!;
      if (wantsDiff(exchange)) return diffAnswer(unifiedDiff(comparison.files, blobSha));
      return json(200, pullRequestJson(repository, issue, comparison, exchange.api));
    }),

  'GET /repos/:owner/:repo/pulls/:number/files': (exchange) =>
    withPull(exchange, (repository, issue) => {
      const comparison = comparePull(repository, issue)!;
      const head = issue.pull!.headSha;
      return paginate(exchange, comparison.files, (file) => fileJson(repository, file, head, exchange.api));
    }),

  'GET /repos/:owner/:repo/compare/:basehead': (exchange) =>
    withRepository(exchange, (repository) => {
      const [baseRef, headRef] = exchange.params.basehead!.split('...');
      const base = baseRef ? resolveRef(repository, baseRef) : undefined;
      const head = headRef ? resolveRef(repository, headRef) : undefined;
      if (!base || !head) return notFound('https://docs.github.com/rest/commits/commits#compare-two-commits');
      const comparison = compareCommits(repository, base, head);
      if (wantsDiff(exchange)) return diffAnswer(unifiedDiff(comparison.files, blobSha));
      const fullName = `${repository.owner}/${repository.name}`;
      return json(200, {
        url: `${exchange.api}/repos/${fullName}/compare/${exchange.params.basehead}`,
        html_url: `https://github.com/${fullName}/compare/${exchange.params.basehead}`,
        base_commit: commitJson(repository, base, exchange.api),
        merge_base_commit: commitJson(repository, comparison.mergeBase, exchange.api),
        status: comparison.status,
        ahead_by: comparison.aheadBy,
        behind_by: comparison.behindBy,
        total_commits: comparison.commits.length,
        commits: comparison.commits.map((commit) => commitJson(repository, commit, exchange.api)),
        files: comparison.files.map((file) => fileJson(repository, file, head.sha, exchange.api)),
      });
    }),

  'GET /repos/:owner/:repo/contents/:path': (exchange) =>
    withRepository(exchange, (repository) => {
      const documentation = 'https://docs.github.com/rest/repos/contents#get-repository-content';
      const ref = exchange.query.get('ref') || repository.defaultBranch;
      const commit = resolveRef(repository, ref);
      if (!commit)
        return json(404, {
          message: `No commit found for the ref ${ref}`,
          documentation_url: documentation,
          status: '404',
        });
      const path = exchange.params.path!.replace(/^\/+|\/+$/g, '');
      const content = commit.tree.get(path);
      if (content !== undefined) {
        if (/application\/vnd\.github(\.v3)?\.raw/.test(String(exchange.headers.accept ?? ''))) {
          return { status: 200, text: content, contentType: 'text/plain; charset=utf-8' };
        }
        return json(200, contentJson(repository, path, content, ref, exchange.api));
      }
      const entries = new Map<string, 'file' | 'dir'>();
      for (const file of commit.tree.keys()) {
        if (path !== '' && !file.startsWith(`${path}/`)) continue;
        const rest = path === '' ? file : file.slice(path.length + 1);
        const [first, ...deeper] = rest.split('/');
        entries.set(path === '' ? first! : `${path}/${first}`, deeper.length > 0 ? 'dir' : 'file');
      }
      if (entries.size === 0) return notFound(documentation);
      const listing = [...entries].sort(([a], [b]) => a.localeCompare(b));
      return json(
        200,
        listing.map(([entry, type]) =>
          directoryEntryJson(repository, entry, type, commit.tree.get(entry) ?? '', ref, exchange.api),
        ),
      );
    }),

  'GET /repos/:owner/:repo/collaborators/:username/permission': (exchange) =>
    withRepository(exchange, (repository) => {
      const login = exchange.params.username!;
      const role: FakePermission =
        exchange.state.permissions.get(login.toLowerCase()) ??
        (repository.private ? 'none' : exchange.state.defaultPermission);
      const permission = role === 'maintain' ? 'write' : role === 'triage' ? 'read' : role;
      return json(200, {
        permission,
        role_name: role,
        user: { ...userJson({ login, type: 'User' }, exchange.api), permissions: permissionFlags(role) },
        created_at: timestamp(),
      });
    }),
} satisfies Record<string, GitHubRouteHandler>;

function permissionFlags(role: FakePermission) {
  const rank = ['none', 'read', 'triage', 'write', 'maintain', 'admin'].indexOf(role);
  return { admin: rank >= 5, maintain: rank >= 4, push: rank >= 3, triage: rank >= 2, pull: rank >= 1 };
}
