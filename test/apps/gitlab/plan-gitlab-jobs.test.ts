import { describe, expect, it } from '@jest/globals';
import {
  type GitLabHookPayload,
  mergeRequestHookPayloadSchema,
  noteHookPayloadSchema,
  pushHookPayloadSchema,
} from '../../../apps/gitlab/gitlab-payloads.js';
import { planGitLabJobs, screenGitLabHook } from '../../../apps/gitlab/plan-gitlab-jobs.js';
import type { PlatformProject } from '../../../core/projects/create-platform-project-directory.js';
import {
  issueNoteExample,
  type MergeRequestHookExample,
  mergeRequestHookExample,
  mergeRequestNoteExample,
  type NoteHookExample,
  type PushHookExample,
  pushHookExample,
} from './__fixtures__/gitlab-webhook-examples.js';

const project: PlatformProject = {
  projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01',
  organizationId: '0b7d5e2a-3c4f-4a1b-9e8d-7c6b5a4f3e21',
  active: true,
};
const deliveryId = 'a1b2c3d4-0000-4000-8000-000000000001';

const mergeRequest = (example: MergeRequestHookExample): GitLabHookPayload => ({
  kind: 'merge_request',
  value: mergeRequestHookPayloadSchema.parse(example),
});
const note = (example: NoteHookExample): GitLabHookPayload => ({
  kind: 'note',
  value: noteHookPayloadSchema.parse(example),
});
/** The documented push to the default branch `master`, changed by `change`. */
const push = (change: (example: PushHookExample) => void = () => {}): GitLabHookPayload => {
  const example = pushHookExample();
  change(example);
  return { kind: 'push', value: pushHookPayloadSchema.parse(example) };
};
const pushedCommit = (files: { added?: string[]; modified?: string[]; removed?: string[] }) => ({
  id: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
  message: 'Change files',
  added: [],
  modified: [],
  removed: [],
  ...files,
});

describe('planning GitLab merge request hooks', () => {
  it('enqueues one automatic review of the head commit when a merge request opens', () => {
    expect(planGitLabJobs(mergeRequest(mergeRequestHookExample('open')), project, deliveryId)).toEqual({
      kind: 'enqueue',
      requests: [
        {
          projectId: project.projectId,
          organizationId: project.organizationId,
          platform: 'gitlab',
          target: { kind: 'pull_request', platform: 'gitlab', repository: 'gitlabhq/gitlab-test', number: 1 },
          agent: 'review',
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          trigger: 'automatic',
          event: 'opened',
          deliveryId,
        },
      ],
    });
  });

  it.each([
    ['reopen', {}, 'reopened'],
    ['update', { oldrev: '95790bf891e76fee5e1747ab589903a6a1f80f22' }, 'synchronize'],
  ] as const)('maps %s to the %s event', (action, attributes, event) => {
    const plan = planGitLabJobs(
      mergeRequest(mergeRequestHookExample(action, attributes)),
      project,
      deliveryId,
    );
    expect(plan).toMatchObject({ kind: 'enqueue', requests: [{ event, agent: 'review' }] });
  });

  it('maps an update that takes the merge request out of draft to ready_for_review', () => {
    for (const field of ['draft', 'work_in_progress'] as const) {
      const example = mergeRequestHookExample('update');
      example.changes = { [field]: { previous: true, current: false } };
      const plan = planGitLabJobs(mergeRequest(example), project, deliveryId);
      expect(plan).toMatchObject({ kind: 'enqueue', requests: [{ event: 'ready_for_review' }] });
    }
  });

  it('enqueues drafts too: the worker applies the drafts setting of .switchyard.yml', () => {
    const example = mergeRequestHookExample('open', { draft: true, work_in_progress: true });
    expect(planGitLabJobs(mergeRequest(example), project, deliveryId).kind).toBe('enqueue');
  });

  it('ignores an update without new commits, such as a title edit, or one that marks it draft', () => {
    const titleEdit = mergeRequestHookExample('update');
    titleEdit.changes = {};
    expect(screenGitLabHook(mergeRequest(titleEdit))).toMatch(/without new commits/);
    const toDraft = mergeRequestHookExample('update', { draft: true });
    toDraft.changes = { draft: { previous: false, current: true } };
    expect(planGitLabJobs(mergeRequest(toDraft), project, deliveryId).kind).toBe('ignore');
  });

  it.each(['close', 'merge', 'approved', 'unapproval'])('ignores merge requests that are %sd', (action) => {
    expect(screenGitLabHook(mergeRequest(mergeRequestHookExample(action)))).toBe(
      `merge_request.${action} starts nothing`,
    );
  });

  it('ignores a merge request that is not open or has no head commit', () => {
    const closed = mergeRequestHookExample('update', { oldrev: 'abc1234', state: 'closed' });
    expect(screenGitLabHook(mergeRequest(closed))).toBe('the merge request is not open');
    const empty = mergeRequestHookExample('open', { last_commit: null });
    expect(screenGitLabHook(mergeRequest(empty))).toBe('the merge request has no commits');
  });
});

describe('planning GitLab note hooks', () => {
  it('enqueues the command a merge request note asks for, replying in its thread', () => {
    const plan = planGitLabJobs(note(mergeRequestNoteExample('/agent review')), project, deliveryId);
    expect(plan).toEqual({
      kind: 'enqueue',
      requests: [
        {
          projectId: project.projectId,
          organizationId: project.organizationId,
          platform: 'gitlab',
          target: {
            kind: 'pull_request',
            platform: 'gitlab',
            repository: 'gitlab-org/gitlab-test',
            number: 1,
          },
          agent: 'review',
          revision: 'note-1244',
          trigger: 'command',
          requestedBy: 'root',
          replyTo: {
            platform: 'gitlab',
            noteId: 1244,
            discussionId: '7f5bb0b1e3d2c6a1f3a9a7e1b5c4d2e8f0a1b2c3',
            noteUrl: 'http://example.com/gitlab-org/gitlab-test/merge_requests/1#note_1244',
          },
          deliveryId,
        },
      ],
    });
  });

  it.each([
    ['/agent describe', { agent: 'describe' }],
    ['/agent ask why is this safe?', { agent: 'ask', question: 'why is this safe?' }],
    ['/agent help', { agent: 'command', command: 'help' }],
    ['/agent pause', { agent: 'command', command: 'pause' }],
    ['/agent resume', { agent: 'command', command: 'resume' }],
    ['/agent budget', { agent: 'command', command: 'budget' }],
    ['/agent frobnicate', { agent: 'command', command: 'unknown', commandText: 'frobnicate' }],
  ])('turns %s into its job', (text, fields) => {
    const plan = planGitLabJobs(note(mergeRequestNoteExample(text)), project, deliveryId);
    expect(plan).toMatchObject({ kind: 'enqueue', requests: [fields] });
  });

  it('listens for the prefix the project configured', () => {
    const custom = { ...project, commandPrefix: '@bot' };
    expect(planGitLabJobs(note(mergeRequestNoteExample('/agent review')), custom, deliveryId).kind).toBe(
      'ignore',
    );
    expect(planGitLabJobs(note(mergeRequestNoteExample('@bot describe')), custom, deliveryId)).toMatchObject({
      requests: [{ agent: 'describe' }],
    });
  });

  it('ignores notes on issues, system notes, edited notes and talk', () => {
    expect(screenGitLabHook(note(issueNoteExample('/agent review')))).toBe(
      'the note is not on a merge request (noteable_type Issue)',
    );
    const system = mergeRequestNoteExample('/agent review');
    system.object_attributes.system = true;
    expect(screenGitLabHook(note(system))).toBe('system notes are ignored');
    const edited = mergeRequestNoteExample('/agent review');
    edited.object_attributes.action = 'update';
    expect(screenGitLabHook(note(edited))).toBe('note.update starts nothing');
    expect(screenGitLabHook(note(mergeRequestNoteExample('+1, looks good')))).toBe(
      'the note is not a command',
    );
  });

  it('ignores notes by bots, flagged or named like access-token users', () => {
    const flagged = mergeRequestNoteExample('/agent review');
    flagged.user.bot = true;
    expect(screenGitLabHook(note(flagged))).toBe('notes by bots are ignored');
    for (const username of ['project_42_bot_3f2a9c1d8e7b6a5f', 'group_7_bot']) {
      const named = mergeRequestNoteExample('/agent review');
      named.user.username = username;
      expect(screenGitLabHook(note(named))).toBe('notes by bots are ignored');
    }
  });

  it('accepts a note without the action field (GitLab before 16.11)', () => {
    const old = mergeRequestNoteExample('/agent review');
    delete old.object_attributes.action;
    expect(screenGitLabHook(note(old))).toBeUndefined();
  });
});

describe('planning GitLab push hooks', () => {
  const changingConfig = (example: PushHookExample) => {
    example.commits = [
      pushedCommit({ modified: ['README.md'] }),
      pushedCommit({ modified: ['.switchyard.yml'] }),
    ];
    example.total_commits_count = 2;
  };

  it('enqueues one config job, keyed by the pushed commit, for a push to the default branch that changes .switchyard.yml', () => {
    expect(planGitLabJobs(push(changingConfig), project, deliveryId)).toEqual({
      kind: 'enqueue',
      requests: [
        {
          projectId: project.projectId,
          organizationId: project.organizationId,
          platform: 'gitlab',
          target: { kind: 'repository', platform: 'gitlab', repository: 'mike/diaspora' },
          agent: 'config',
          revision: 'da1560886d4f094c3e6c9ef40349f7d38b5d27d7',
          trigger: 'automatic',
          deliveryId,
        },
      ],
    });
  });

  it.each([
    ['adds', { added: ['.switchyard.yml'] }],
    ['removes', { removed: ['.switchyard.yml'] }],
  ])('enqueues one when the push %s the file', (_verb, files) => {
    const plan = planGitLabJobs(
      push((example) => {
        example.commits = [pushedCommit(files)];
      }),
      project,
      deliveryId,
    );
    expect(plan).toMatchObject({ kind: 'enqueue', requests: [{ agent: 'config' }] });
  });

  it('ignores a push that leaves .switchyard.yml alone', () => {
    const payload = push();
    expect(screenGitLabHook(payload)).toBe('the push does not change .switchyard.yml');
    expect(planGitLabJobs(payload, project, deliveryId)).toMatchObject({ kind: 'ignore' });
  });

  it('ignores a push to another branch, and one to a project without a default branch', () => {
    const feature = push((example) => {
      changingConfig(example);
      example.ref = 'refs/heads/feature';
    });
    expect(screenGitLabHook(feature)).toBe(
      'a push to refs/heads/feature, not to the default branch master, changes no configuration',
    );
    const empty = push((example) => {
      changingConfig(example);
      example.project.default_branch = null;
    });
    expect(screenGitLabHook(empty)).toBe('the repository has no default branch yet');
  });

  it('ignores a push that deleted the default branch', () => {
    const deleted = push((example) => {
      example.after = '0000000000000000000000000000000000000000';
      example.commits = [];
      example.total_commits_count = 0;
    });
    expect(screenGitLabHook(deleted)).toBe('the push deleted the branch');
  });

  it('enqueues one for a push by a bot user: the file changed all the same', () => {
    const bot = push((example) => {
      changingConfig(example);
      example.user_username = 'project_15_bot_0123abcd';
    });
    expect(planGitLabJobs(bot, project, deliveryId)).toMatchObject({ kind: 'enqueue' });
  });

  it.each<[string, (example: PushHookExample) => void]>([
    [
      'more commits than the 20 GitLab lists',
      (example) => {
        example.total_commits_count = 21;
      },
    ],
    [
      'a new branch',
      (example) => {
        example.before = '0000000000000000000000000000000000000000';
      },
    ],
    [
      'no commits listed (a rewind)',
      (example) => {
        example.commits = [];
        example.total_commits_count = 0;
      },
    ],
  ])('counts %s as a change of the file', (_case, change) => {
    expect(screenGitLabHook(push(change))).toBeUndefined();
  });
});
