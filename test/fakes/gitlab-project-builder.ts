import { addCommit, type FakeFileChanges } from './github-repository.js';
import {
  addDiffVersion,
  type FakeAccessLevel,
  type FakeAwardEmoji,
  type FakeDiffVersion,
  type FakeDiscussion,
  type FakeMergeRequest,
  type FakeNote,
  type FakeProject,
  type GitLabState,
  startDiscussion,
} from './gitlab-state.js';

export interface FakeGitLabProjectOptions {
  defaultBranch?: string;
  visibility?: FakeProject['visibility'];
  /** The first commit on the default branch (default: a README). */
  files?: Record<string, string>;
}

export interface FakeMergeRequestOptions {
  /** Default: the project's next free iid. */
  iid?: number;
  title?: string;
  description?: string | null;
  /** The author's username (default `alice`), created as a user when new. */
  author?: string;
  draft?: boolean;
  labels?: string[];
  /** Target branch (default: the default branch). */
  targetBranch?: string;
  /** Source branch, created from the target (default `feature-<iid>`). */
  sourceBranch?: string;
  /** The changes, committed on the source branch: content, or null to delete. */
  files: FakeFileChanges;
}

/** A seeded merge request: push to it, change it, seed notes, and read what was written to it. */
export interface FakeGitLabMergeRequest {
  readonly iid: number;
  readonly sourceBranch: string;
  readonly targetBranch: string;
  /** The current head (the last diff version's). */
  readonly headSha: string;
  /** The current diff version's merge base (`diff_refs.base_sha`). */
  readonly baseSha: string;
  readonly versions: readonly FakeDiffVersion[];
  /** Commits on the source branch (a new diff version); `force` rebases onto the target's tip instead. */
  push(files: FakeFileChanges, options?: { message?: string; force?: boolean }): string;
  update(
    fields: Partial<Pick<FakeMergeRequest, 'title' | 'description' | 'state' | 'draft' | 'labels'>>,
  ): void;
  /** Seeds a note from someone (default `alice`), e.g. a `/agent ask` command; `thread` starts a thread. */
  note(body: string, author?: string, options?: { thread?: boolean; system?: boolean }): FakeNote;
  /** Every note, oldest first, thread replies included. */
  notes(): FakeNote[];
  discussions(): FakeDiscussion[];
  awards(noteId: number): FakeAwardEmoji[];
}

/** A seeded project. */
export interface FakeGitLabProject {
  readonly id: number;
  readonly path: string;
  readonly defaultBranch: string;
  /** Commits `files` on `branch` (created from the default branch when new); returns the sha. */
  commit(branch: string, files: FakeFileChanges, message?: string): string;
  /** Gives `username` (created when new) a role on the project. */
  member(username: string, accessLevel: FakeAccessLevel): void;
  mergeRequest(options: FakeMergeRequestOptions): FakeGitLabMergeRequest;
}

/** The seeding handle of `path`, creating the project the first time. */
export function createProjectBuilder(
  state: GitLabState,
  path: string,
  options: FakeGitLabProjectOptions = {},
): FakeGitLabProject {
  const project =
    state.findProject(path) ??
    state.createProject(path, {
      defaultBranch: options.defaultBranch ?? 'main',
      visibility: options.visibility ?? 'private',
      files: options.files ?? { 'README.md': `# ${path.split('/').pop()}\n` },
    });
  const { repository } = project;

  const handle = (mergeRequest: FakeMergeRequest): FakeGitLabMergeRequest => ({
    iid: mergeRequest.iid,
    sourceBranch: mergeRequest.sourceBranch,
    targetBranch: mergeRequest.targetBranch,
    get headSha() {
      return mergeRequest.versions.at(-1)!.headSha;
    },
    get baseSha() {
      return mergeRequest.versions.at(-1)!.baseSha;
    },
    get versions() {
      return mergeRequest.versions;
    },
    push(files, pushOptions = {}) {
      const head = repository.branches.get(mergeRequest.sourceBranch)!;
      const rebase = pushOptions.force
        ? { parent: repository.branches.get(mergeRequest.targetBranch)!, treeFrom: head }
        : {};
      addCommit(repository, mergeRequest.sourceBranch, files, { message: pushOptions.message, ...rebase });
      return addDiffVersion(state, project, mergeRequest).headSha;
    },
    update(fields) {
      Object.assign(mergeRequest, fields, { updatedAt: new Date().toISOString() });
    },
    note(body, author = 'alice', noteOptions = {}) {
      const discussion = startDiscussion(state, mergeRequest, {
        body,
        author: state.user(author),
        ...noteOptions,
      });
      return discussion.notes[0]!;
    },
    notes: () =>
      mergeRequest.discussions.flatMap((discussion) => discussion.notes).sort((a, b) => a.id - b.id),
    discussions: () => mergeRequest.discussions,
    awards(noteId) {
      const note = mergeRequest.discussions
        .flatMap((discussion) => discussion.notes)
        .find((candidate) => candidate.id === noteId);
      if (!note) throw new Error(`${path}!${mergeRequest.iid} has no note ${noteId}`);
      return note.awards;
    },
  });

  return {
    id: project.id,
    path: project.path,
    defaultBranch: project.defaultBranch,
    commit: (branch, files, message) => addCommit(repository, branch, files, { message }),
    member(username, accessLevel) {
      project.members.set(state.user(username).id, accessLevel);
    },
    mergeRequest(mergeRequestOptions) {
      const targetBranch = mergeRequestOptions.targetBranch ?? project.defaultBranch;
      if (!repository.branches.has(targetBranch)) throw new Error(`${path} has no branch ${targetBranch}`);
      const iid = mergeRequestOptions.iid ?? Math.max(0, ...project.mergeRequests.keys()) + 1;
      if (project.mergeRequests.has(iid)) throw new Error(`${path}!${iid} already exists`);
      const sourceBranch = mergeRequestOptions.sourceBranch ?? `feature-${iid}`;
      const author = state.user(mergeRequestOptions.author ?? 'alice');
      const title =
        mergeRequestOptions.title ?? `Change ${Object.keys(mergeRequestOptions.files).join(', ')}`;
      addCommit(repository, sourceBranch, mergeRequestOptions.files, {
        message: title,
        author: author.username,
        parent: repository.branches.get(sourceBranch) ?? repository.branches.get(targetBranch)!,
      });
      const now = new Date().toISOString();
      const mergeRequest: FakeMergeRequest = {
        id: state.nextId(),
        iid,
        title,
        description:
          mergeRequestOptions.description === undefined ? 'Please review.' : mergeRequestOptions.description,
        author,
        state: 'opened',
        draft: mergeRequestOptions.draft ?? false,
        labels: mergeRequestOptions.labels ?? [],
        sourceBranch,
        targetBranch,
        createdAt: now,
        updatedAt: now,
        versions: [],
        discussions: [],
      };
      project.mergeRequests.set(iid, mergeRequest);
      addDiffVersion(state, project, mergeRequest);
      return handle(mergeRequest);
    },
  };
}
