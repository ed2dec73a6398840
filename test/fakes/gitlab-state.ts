import { randomBytes } from 'node:crypto';
import {
  compareCommits,
  createRepositoryState,
  type RepositoryState,
  resolveRef,
} from './github-repository.js';

/** GitLab's roles: Minimal Access 5, Guest 10, Planner 15, Reporter 20, Developer 30, Maintainer 40, Owner 50. */
export type FakeAccessLevel = 5 | 10 | 15 | 20 | 30 | 40 | 50;

export interface FakeGitLabUser {
  id: number;
  username: string;
  name: string;
  /** Project and group access tokens' users, service accounts. */
  bot: boolean;
  state: 'active' | 'blocked';
  /** The primary email: private, seen only by administrators. */
  email: string;
  /** The email the user chose to show on their profile, if any. */
  publicEmail: string | null;
}

/** How a seeded user differs from the defaults (a person, active, `<username>@example.com`, no public email). */
export interface FakeGitLabUserOptions {
  name?: string;
  bot?: boolean;
  state?: FakeGitLabUser['state'];
  email?: string;
  publicEmail?: string | null;
}

export interface FakeAwardEmoji {
  id: number;
  name: string;
  user: FakeGitLabUser;
  createdAt: string;
}

/** A diff note's position as GitLab stores it (numbers, snake_case). */
export interface FakePosition {
  base_sha: string;
  start_sha: string;
  head_sha: string;
  old_path: string;
  new_path: string;
  position_type: 'text';
  old_line: number | null;
  new_line: number | null;
  line_range?: unknown;
}

export interface FakeNote {
  id: number;
  discussionId: string;
  body: string;
  author: FakeGitLabUser;
  /** GitLab's own notes ("added 1 commit"); never editable through the API. */
  system: boolean;
  type: null | 'DiscussionNote' | 'DiffNote';
  position?: FakePosition;
  createdAt: string;
  updatedAt: string;
  awards: FakeAwardEmoji[];
}

export interface FakeDiscussion {
  /** 40 hex characters, as GitLab's. */
  id: string;
  /** A plain note, not (yet) a thread. */
  individualNote: boolean;
  notes: FakeNote[];
}

/** One diff version: GitLab records one at creation and at every push. */
export interface FakeDiffVersion {
  id: number;
  headSha: string;
  /** The merge base of head and the target branch. */
  baseSha: string;
  /** The target branch's tip at the time. */
  startSha: string;
  createdAt: string;
}

export interface FakeMergeRequest {
  id: number;
  iid: number;
  title: string;
  description: string | null;
  author: FakeGitLabUser;
  state: 'opened' | 'closed' | 'merged' | 'locked';
  draft: boolean;
  labels: string[];
  sourceBranch: string;
  targetBranch: string;
  createdAt: string;
  updatedAt: string;
  /** Oldest first; the last one is the merge request's current diff (`diff_refs`). */
  versions: FakeDiffVersion[];
  discussions: FakeDiscussion[];
}

export interface FakeProject {
  id: number;
  /** `group/subgroup/project`. */
  path: string;
  defaultBranch: string;
  visibility: 'private' | 'internal' | 'public';
  /** Commits and branches, modelled by the GitHub stand-in's repository (shared, not copied). */
  repository: RepositoryState;
  /** User id → role (direct or inherited: the stand-in does not model groups). */
  members: Map<number, FakeAccessLevel>;
  mergeRequests: Map<number, FakeMergeRequest>;
}

/** Everything the stand-in knows, shared by the route handlers and the seeding helpers. */
export interface GitLabState {
  /** The token's user: the author of everything the API writes. */
  tokenUser: FakeGitLabUser;
  token: string;
  /** Whether the token's user is an instance administrator (sees private emails and blocked users). */
  admin: boolean;
  users: Map<number, FakeGitLabUser>;
  projects: Map<number, FakeProject>;
  /** Ids of notes, award emoji, merge requests, versions: unique across the stand-in, as on GitLab. */
  nextId(): number;
  /** The user named `username`, created the first time (options apply then only). */
  user(username: string, options?: FakeGitLabUserOptions): FakeGitLabUser;
  findProject(idOrPath: string): FakeProject | undefined;
  createProject(
    path: string,
    options: { defaultBranch: string; visibility: FakeProject['visibility']; files: Record<string, string> },
  ): FakeProject;
  /** Forgets projects and users other than the token's. */
  clear(): void;
}

export function createGitLabState(options: {
  token: string;
  tokenUsername: string;
  admin: boolean;
}): GitLabState {
  let id = 100;
  const nextId = () => {
    id += 1;
    return id;
  };
  const users = new Map<number, FakeGitLabUser>();
  const projects = new Map<number, FakeProject>();
  const tokenUser: FakeGitLabUser = {
    id: 42,
    username: options.tokenUsername,
    name: 'Switchyard',
    bot: false,
    state: 'active',
    email: 'switchyard@example.com',
    publicEmail: null,
  };
  users.set(tokenUser.id, tokenUser);

  const state: GitLabState = {
    tokenUser,
    token: options.token,
    admin: options.admin,
    users,
    projects,
    nextId,
    user(username, userOptions = {}) {
      const existing = [...users.values()].find(
        (user) => user.username.toLowerCase() === username.toLowerCase(),
      );
      if (existing) return existing;
      const user: FakeGitLabUser = {
        id: nextId(),
        username,
        name: userOptions.name ?? username.charAt(0).toUpperCase() + username.slice(1),
        bot: userOptions.bot ?? false,
        state: userOptions.state ?? 'active',
        email: userOptions.email ?? `${username.toLowerCase()}@example.com`,
        publicEmail: userOptions.publicEmail ?? null,
      };
      users.set(user.id, user);
      return user;
    },
    findProject(idOrPath) {
      if (/^\d+$/.test(idOrPath)) return projects.get(Number(idOrPath));
      const path = idOrPath.toLowerCase();
      return [...projects.values()].find((project) => project.path.toLowerCase() === path);
    },
    createProject(path, projectOptions) {
      const slash = path.lastIndexOf('/');
      const project: FakeProject = {
        id: nextId(),
        path,
        defaultBranch: projectOptions.defaultBranch,
        visibility: projectOptions.visibility,
        repository: createRepositoryState(path.slice(0, slash), path.slice(slash + 1), {
          id: 0,
          defaultBranch: projectOptions.defaultBranch,
          private: projectOptions.visibility !== 'public',
          files: projectOptions.files,
        }),
        members: new Map(),
        mergeRequests: new Map(),
      };
      project.repository.id = project.id;
      projects.set(project.id, project);
      return project;
    },
    clear() {
      projects.clear();
      for (const userId of users.keys()) if (userId !== tokenUser.id) users.delete(userId);
    },
  };
  return state;
}

/** Records a diff version for the merge request's current head and target tip. */
export function addDiffVersion(
  state: GitLabState,
  project: FakeProject,
  mergeRequest: FakeMergeRequest,
): FakeDiffVersion {
  const repository = project.repository;
  const head = resolveRef(repository, mergeRequest.sourceBranch)!;
  const start = resolveRef(repository, mergeRequest.targetBranch)!;
  const version: FakeDiffVersion = {
    id: state.nextId(),
    headSha: head.sha,
    baseSha: mergeBaseOf(repository, start.sha, head.sha),
    startSha: start.sha,
    createdAt: new Date().toISOString(),
  };
  mergeRequest.versions.push(version);
  return version;
}

/** The merge base of two commits, as the GitHub stand-in's comparison finds it. */
export function mergeBaseOf(repository: RepositoryState, base: string, head: string): string {
  return compareCommits(repository, repository.commits.get(base)!, repository.commits.get(head)!).mergeBase
    .sha;
}

/** Starts a discussion: an individual note, a thread, or a diff thread (with `position`). */
export function startDiscussion(
  state: GitLabState,
  mergeRequest: FakeMergeRequest,
  note: { body: string; author: FakeGitLabUser; system?: boolean; thread?: boolean; position?: FakePosition },
): FakeDiscussion {
  const discussion: FakeDiscussion = {
    id: randomBytes(20).toString('hex'),
    individualNote: !note.thread && !note.position,
    notes: [],
  };
  mergeRequest.discussions.push(discussion);
  replyInDiscussion(state, mergeRequest, discussion, note);
  return discussion;
}

/** Adds a note to a discussion; an individual note that gets a reply becomes a thread, as on GitLab. */
export function replyInDiscussion(
  state: GitLabState,
  mergeRequest: FakeMergeRequest,
  discussion: FakeDiscussion,
  note: { body: string; author: FakeGitLabUser; system?: boolean; position?: FakePosition },
): FakeNote {
  const now = new Date().toISOString();
  const position = note.position ?? discussion.notes[0]?.position;
  if (discussion.notes.length > 0 && discussion.individualNote) {
    discussion.individualNote = false;
    discussion.notes[0]!.type = 'DiscussionNote';
  }
  const created: FakeNote = {
    id: state.nextId(),
    discussionId: discussion.id,
    body: note.body,
    author: note.author,
    system: note.system ?? false,
    type: position ? 'DiffNote' : discussion.individualNote ? null : 'DiscussionNote',
    ...(position ? { position } : {}),
    createdAt: now,
    updatedAt: now,
    awards: [],
  };
  discussion.notes.push(created);
  mergeRequest.updatedAt = now;
  return created;
}
