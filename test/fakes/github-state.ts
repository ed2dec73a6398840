import type { FakeUser, RepositoryState } from './github-repository.js';

/** A collaborator's permission; `maintain` and `triage` are roles that GitHub reports as `write` and `read`. */
export type FakePermission = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | 'none';

/** An installation token the stand-in issued, with the app JWT that asked for it. */
export interface IssuedToken {
  token: string;
  installationId: number;
  expiresAt: string;
  permissions: Record<string, string>;
  jwt: { header: Record<string, unknown>; payload: Record<string, unknown> };
}

/** A GitHub account, as the user search sees it. */
export interface FakeAccount {
  login: string;
  name: string | null;
  /** The public email of the profile (GitHub lets only a verified email be public), or null. */
  email: string | null;
}

/** Everything the stand-in knows, shared by the route handlers and the seeding helpers. */
export interface GitHubState {
  bot: FakeUser;
  appSlug: string;
  repositories: Map<string, RepositoryState>;
  permissions: Map<string, FakePermission>;
  defaultPermission: FakePermission;
  /** Accounts the user search finds, by lowercased login. */
  accounts: Map<string, FakeAccount>;
  tokens: Map<string, IssuedToken>;
  /** Ids for comments, reviews and reactions: unique across the server, as on GitHub. */
  nextId(): number;
  /** Forgets repositories, permissions and accounts; tokens stay valid. */
  clear(): void;
}

export function createGitHubState(options: {
  appSlug: string;
  defaultPermission: FakePermission;
}): GitHubState {
  let id = 1000;
  const state: GitHubState = {
    bot: { login: `${options.appSlug}[bot]`, type: 'Bot' },
    appSlug: options.appSlug,
    repositories: new Map(),
    permissions: new Map(),
    defaultPermission: options.defaultPermission,
    accounts: new Map(),
    tokens: new Map(),
    nextId: () => {
      id += 1;
      return id;
    },
    clear() {
      state.repositories.clear();
      state.permissions.clear();
      state.accounts.clear();
    },
  };
  return state;
}

/** Owner and repository names are case-insensitive on GitHub. */
export function repositoryKey(owner: string, name: string): string {
  return `${owner}/${name}`.toLowerCase();
}

export function findRepository(state: GitHubState, owner: string, name: string): RepositoryState | undefined {
  return state.repositories.get(repositoryKey(owner, name));
}
