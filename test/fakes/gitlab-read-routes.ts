import { diffSnapshots } from './github-diff.js';
import { compareCommits, resolveRef } from './github-repository.js';
import {
  badRequest,
  type GitLabExchange,
  type GitLabRouteHandler,
  json,
  notFound,
  paginate,
  withMergeRequest,
  withProject,
} from './gitlab-exchange.js';
import {
  adminUserJson,
  commitJson,
  diffJson,
  errorBody,
  fullUserJson,
  mergeRequestJson,
  projectJson,
  userJson,
  versionJson,
} from './gitlab-json.js';
import type { FakeDiffVersion, FakeGitLabUser, FakeMergeRequest, FakeProject } from './gitlab-state.js';

/** The files of one diff version: from the merge base to the head, as GitLab shows a merge request. */
function versionFiles(project: FakeProject, version: FakeDiffVersion | undefined) {
  if (!version) return [];
  const { commits } = project.repository;
  return diffSnapshots(commits.get(version.baseSha)!.tree, commits.get(version.headSha)!.tree);
}

function latestFiles(project: FakeProject, mergeRequest: FakeMergeRequest) {
  return versionFiles(project, mergeRequest.versions.at(-1));
}

function findVersion(exchange: GitLabExchange, mergeRequest: FakeMergeRequest) {
  return mergeRequest.versions.find((version) => version.id === Number(exchange.params.version_id));
}

/**
 * GitLab's user search (User.search): an email equal to the query — the public email, or for an administrator's
 * token any of the user's emails — or a name or username containing it, all case-insensitively. The stand-in
 * keeps one private email per user and lets two users share an email, which GitLab would refuse.
 */
function matchesUserSearch(user: FakeGitLabUser, query: string, admin: boolean): boolean {
  const emails = admin ? [user.email, user.publicEmail] : [user.publicEmail];
  return (
    emails.some((email) => email?.toLowerCase() === query) ||
    user.name.toLowerCase().includes(query) ||
    user.username.toLowerCase().includes(query)
  );
}

/** Routes that read: users, projects, members, merge requests and their diffs, the repository. */
export const readRoutes = {
  'GET /user': (exchange) =>
    json(200, {
      ...fullUserJson(exchange.state.tokenUser, exchange.web),
      email: exchange.state.tokenUser.email,
      is_admin: exchange.state.admin,
    }),

  /**
   * Users as GitLab's UsersFinder lists them: `username` (exact), `search` (see matchesUserSearch) and `active`
   * filter; blocked users are listed to an administrator's token only, which also sees each user's private
   * email. Newest first, or by how well a user matches the search.
   */
  'GET /users': (exchange) => {
    const { admin } = exchange.state;
    const username = exchange.query.get('username')?.toLowerCase();
    const search = exchange.query.get('search')?.trim().replace(/^@/, '').toLowerCase();
    const activeOnly = exchange.query.get('active') === 'true';
    const users = [...exchange.state.users.values()]
      .filter((user) => admin || user.state !== 'blocked')
      .filter((user) => username === undefined || user.username.toLowerCase() === username)
      .filter((user) => !search || matchesUserSearch(user, search, admin))
      .filter((user) => !activeOnly || user.state === 'active')
      .sort((a, b) => b.id - a.id);
    if (search) {
      // GitLab's order: the public email, then the username, then the name equal to the query; then by name.
      const rank = (user: FakeGitLabUser) => {
        const fields = [user.publicEmail, user.username, user.name].map((field) => field?.toLowerCase());
        const exact = fields.indexOf(search);
        return exact === -1 ? fields.length : exact;
      };
      users.sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name) || a.id - b.id);
    }
    return paginate(exchange, users, (user) =>
      admin ? adminUserJson(user, exchange.web) : userJson(user, exchange.web),
    );
  },

  'GET /users/:user_id': (exchange) => {
    const user = exchange.state.users.get(Number(exchange.params.user_id));
    return user ? json(200, fullUserJson(user, exchange.web)) : notFound('User Not Found');
  },

  'GET /projects/:id': (exchange) =>
    withProject(exchange, (project) => json(200, projectJson(project, exchange.web))),

  'GET /projects/:id/members/all/:user_id': (exchange) =>
    withProject(exchange, (project) => {
      const user = exchange.state.users.get(Number(exchange.params.user_id));
      const accessLevel = user && project.members.get(user.id);
      if (!user || accessLevel === undefined) return notFound('Member Not Found');
      return json(200, {
        ...userJson(user, exchange.web),
        access_level: accessLevel,
        created_at: '2024-02-01T10:00:00.000Z',
        expires_at: null,
        membership_state: 'active',
      });
    }),

  'GET /projects/:id/merge_requests/:merge_request_iid': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) =>
      json(
        200,
        mergeRequestJson(project, mergeRequest, exchange.web, latestFiles(project, mergeRequest).length),
      ),
    ),

  'GET /projects/:id/merge_requests/:merge_request_iid/diffs': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) =>
      paginate(exchange, latestFiles(project, mergeRequest), diffJson),
    ),

  'GET /projects/:id/merge_requests/:merge_request_iid/versions': (exchange) =>
    withMergeRequest(exchange, (_project, mergeRequest) =>
      json(
        200,
        [...mergeRequest.versions].reverse().map((version) => versionJson(mergeRequest, version)),
      ),
    ),

  'GET /projects/:id/merge_requests/:merge_request_iid/versions/:version_id': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) => {
      const version = findVersion(exchange, mergeRequest);
      if (!version) return notFound('Not found');
      const comparison = compareCommits(
        project.repository,
        project.repository.commits.get(version.startSha)!,
        project.repository.commits.get(version.headSha)!,
      );
      return json(200, {
        ...versionJson(mergeRequest, version),
        commits: comparison.commits.reverse().map((commit) => commitJson(commit, project, exchange.web)),
        diffs: versionFiles(project, version).map(diffJson),
      });
    }),

  'GET /projects/:id/repository/compare': (exchange) =>
    withProject(exchange, (project) => {
      const [from, to] = [exchange.query.get('from') ?? '', exchange.query.get('to') ?? ''];
      const base = resolveRef(project.repository, from);
      const head = resolveRef(project.repository, to);
      if (!base || !head) return notFound('Ref Not Found');
      const comparison = compareCommits(project.repository, base, head);
      const straight = exchange.query.get('straight') === 'true';
      const files = straight ? diffSnapshots(base.tree, head.tree) : comparison.files;
      return json(200, {
        commit: commitJson(head, project, exchange.web),
        commits: comparison.commits.map((commit) => commitJson(commit, project, exchange.web)),
        diffs: from === to ? [] : files.map(diffJson),
        compare_timeout: false,
        compare_same_ref: from === to,
        web_url: `${exchange.web}/${project.path}/-/compare/${base.sha}...${head.sha}`,
      });
    }),

  'GET /projects/:id/repository/merge_base': (exchange) =>
    withProject(exchange, (project) => {
      const refs = exchange.query.getAll('refs[]');
      if (refs.length < 2) return badRequest('Provide at least 2 refs');
      const commits = refs.map((ref) => resolveRef(project.repository, ref));
      const unknown = refs.filter((_ref, index) => !commits[index]);
      if (unknown.length > 0) {
        return json(
          400,
          errorBody(`Could not find ${unknown.length === 1 ? 'ref' : 'refs'}: ${unknown.join(', ')}`),
        );
      }
      const [first, ...rest] = commits as NonNullable<(typeof commits)[number]>[];
      const mergeBase = rest.reduce(
        (base, commit) => compareCommits(project.repository, base, commit).mergeBase,
        first!,
      );
      return json(200, commitJson(mergeBase, project, exchange.web));
    }),

  'GET /projects/:id/repository/files/:file_path/raw': (exchange) =>
    withProject(exchange, (project) => {
      const commit = resolveRef(project.repository, exchange.query.get('ref') || project.defaultBranch);
      if (!commit) return notFound('Commit Not Found');
      const content = commit.tree.get(exchange.params.file_path!);
      if (content === undefined) return notFound('File Not Found');
      return { status: 200, text: content, contentType: 'text/plain; charset=utf-8' };
    }),
} satisfies Record<string, GitLabRouteHandler>;
