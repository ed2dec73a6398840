import type { FileDiff } from './github-diff.js';
import type { FakeCommit } from './github-repository.js';
import type {
  FakeAwardEmoji,
  FakeDiffVersion,
  FakeDiscussion,
  FakeGitLabUser,
  FakeMergeRequest,
  FakeNote,
  FakeProject,
} from './gitlab-state.js';

/** The JSON shapes GitLab's REST API (v4) answers with, trimmed to the fields clients read. */

/** GitLab's error body: the status and a short reason in `message`. */
export function errorBody(message: string) {
  return { message };
}

export function userJson(user: FakeGitLabUser, web: string) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: `https://secure.gravatar.com/avatar/${user.id.toString(16).padStart(32, '0')}?s=80&d=identicon`,
    web_url: `${web}/${user.username}`,
  };
}

/** `GET /users/:id` and `GET /user` add the profile, with the `bot` flag. */
export function fullUserJson(user: FakeGitLabUser, web: string) {
  return {
    ...userJson(user, web),
    bot: user.bot,
    created_at: '2024-01-15T09:30:00.000Z',
    bio: '',
    public_email: user.publicEmail,
  };
}

/** What an administrator's token sees of a user (`GET /users` included): the private email too. */
export function adminUserJson(user: FakeGitLabUser, web: string) {
  return {
    ...fullUserJson(user, web),
    email: user.email,
    is_admin: false,
    confirmed_at: '2024-01-15T09:35:00.000Z',
    last_sign_in_at: '2024-06-03T08:12:00.000Z',
    external: false,
  };
}

export function projectJson(project: FakeProject, web: string) {
  const slash = project.path.lastIndexOf('/');
  const namespace = project.path.slice(0, slash);
  return {
    id: project.id,
    name: project.path.slice(slash + 1),
    path: project.path.slice(slash + 1),
    path_with_namespace: project.path,
    name_with_namespace: project.path.split('/').join(' / '),
    default_branch: project.defaultBranch,
    visibility: project.visibility,
    web_url: `${web}/${project.path}`,
    http_url_to_repo: `${web}/${project.path}.git`,
    namespace: {
      id: project.id + 1,
      name: namespace,
      path: namespace.split('/').pop(),
      kind: 'group',
      full_path: namespace,
    },
    archived: false,
    empty_repo: false,
  };
}

function diffRefsOf(version: FakeDiffVersion | undefined) {
  return version
    ? { base_sha: version.baseSha, head_sha: version.headSha, start_sha: version.startSha }
    : null;
}

export function mergeRequestJson(
  project: FakeProject,
  mergeRequest: FakeMergeRequest,
  web: string,
  changes: number,
) {
  const latest = mergeRequest.versions.at(-1);
  const reference = `!${mergeRequest.iid}`;
  return {
    id: mergeRequest.id,
    iid: mergeRequest.iid,
    project_id: project.id,
    title: mergeRequest.draft ? `Draft: ${mergeRequest.title}` : mergeRequest.title,
    description: mergeRequest.description,
    state: mergeRequest.state,
    created_at: mergeRequest.createdAt,
    updated_at: mergeRequest.updatedAt,
    merged_by: null,
    merged_at: null,
    closed_by: null,
    closed_at: null,
    target_branch: mergeRequest.targetBranch,
    source_branch: mergeRequest.sourceBranch,
    user_notes_count: mergeRequest.discussions
      .flatMap((discussion) => discussion.notes)
      .filter((note) => !note.system).length,
    upvotes: 0,
    downvotes: 0,
    author: userJson(mergeRequest.author, web),
    assignees: [],
    assignee: null,
    reviewers: [],
    source_project_id: project.id,
    target_project_id: project.id,
    labels: mergeRequest.labels,
    draft: mergeRequest.draft,
    work_in_progress: mergeRequest.draft,
    milestone: null,
    merge_when_pipeline_succeeds: false,
    merge_status: 'can_be_merged',
    detailed_merge_status: mergeRequest.draft ? 'draft_status' : 'mergeable',
    sha: latest?.headSha ?? null,
    merge_commit_sha: null,
    squash_commit_sha: null,
    discussion_locked: null,
    should_remove_source_branch: null,
    force_remove_source_branch: true,
    reference,
    references: { short: reference, relative: reference, full: `${project.path}${reference}` },
    web_url: `${web}/${project.path}/-/merge_requests/${mergeRequest.iid}`,
    time_stats: {
      time_estimate: 0,
      total_time_spent: 0,
      human_time_estimate: null,
      human_total_time_spent: null,
    },
    squash: false,
    task_completion_status: { count: 0, completed_count: 0 },
    has_conflicts: false,
    blocking_discussions_resolved: true,
    subscribed: true,
    changes_count: String(changes),
    diff_refs: diffRefsOf(latest),
    merge_error: null,
    first_contribution: false,
    user: { can_merge: true },
  };
}

/** One file of a diff, as the diffs, versions and compare endpoints give it. */
export function diffJson(file: FileDiff) {
  return {
    old_path: file.filename,
    new_path: file.filename,
    a_mode: file.status === 'added' ? '0' : '100644',
    b_mode: file.status === 'removed' ? '0' : '100644',
    new_file: file.status === 'added',
    renamed_file: false,
    deleted_file: file.status === 'removed',
    generated_file: false,
    too_large: false,
    collapsed: false,
    // GitLab's text ends with a newline, unlike GitHub's `patch`.
    diff: file.patch === '' ? '' : `${file.patch}\n`,
  };
}

export function versionJson(mergeRequest: FakeMergeRequest, version: FakeDiffVersion) {
  return {
    id: version.id,
    head_commit_sha: version.headSha,
    base_commit_sha: version.baseSha,
    start_commit_sha: version.startSha,
    created_at: version.createdAt,
    merge_request_id: mergeRequest.id,
    state: 'collected',
    real_size: '1',
    patch_id_sha: version.headSha.slice(0, 40),
  };
}

export function commitJson(commit: FakeCommit, project: FakeProject, web: string) {
  const [title] = commit.message.split('\n');
  return {
    id: commit.sha,
    short_id: commit.sha.slice(0, 8),
    title,
    message: commit.message,
    author_name: commit.author,
    author_email: `${commit.author}@example.com`,
    authored_date: commit.date,
    committer_name: commit.author,
    committer_email: `${commit.author}@example.com`,
    committed_date: commit.date,
    created_at: commit.date,
    parent_ids: commit.parents,
    web_url: `${web}/${project.path}/-/commit/${commit.sha}`,
  };
}

export function noteJson(project: FakeProject, mergeRequest: FakeMergeRequest, note: FakeNote, web: string) {
  return {
    id: note.id,
    type: note.type,
    body: note.body,
    attachment: null,
    author: userJson(note.author, web),
    created_at: note.createdAt,
    updated_at: note.updatedAt,
    system: note.system,
    noteable_id: mergeRequest.id,
    noteable_type: 'MergeRequest',
    project_id: project.id,
    noteable_iid: mergeRequest.iid,
    commands_changes: {},
    resolvable: note.type === 'DiffNote',
    ...(note.type === 'DiffNote' ? { resolved: false, resolved_by: null, resolved_at: null } : {}),
    ...(note.position ? { position: note.position } : {}),
    confidential: false,
    internal: false,
    imported: false,
    imported_from: 'none',
  };
}

export function discussionJson(
  project: FakeProject,
  mergeRequest: FakeMergeRequest,
  discussion: FakeDiscussion,
  web: string,
) {
  return {
    id: discussion.id,
    individual_note: discussion.individualNote,
    notes: discussion.notes.map((note) => noteJson(project, mergeRequest, note, web)),
  };
}

export function awardEmojiJson(award: FakeAwardEmoji, note: FakeNote, web: string) {
  return {
    id: award.id,
    name: award.name,
    user: userJson(award.user, web),
    created_at: award.createdAt,
    updated_at: award.createdAt,
    awardable_id: note.id,
    awardable_type: 'Note',
  };
}
