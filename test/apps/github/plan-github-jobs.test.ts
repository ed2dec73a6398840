import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import {
  issueCommentPayloadSchema,
  pullRequestPayloadSchema,
  pushPayloadSchema,
} from '../../../apps/github/github-payloads.js';
import { planCommentJobs, planPullRequestJobs, planPushJobs } from '../../../apps/github/plan-github-jobs.js';
import { type JobRequest, parseJobRequest } from '../../../core/jobs/job-request.js';
import type { PlatformProject } from '../../../core/projects/create-platform-project-directory.js';
import {
  defaultBranchPushExample,
  pullRequestCommentExample,
  webhookExample,
} from './__fixtures__/github-webhook-examples.js';

const project: PlatformProject = { projectId: randomUUID(), organizationId: randomUUID(), active: true };
const deliveryId = randomUUID();

function pullRequest(action: string, change: (payload: Record<string, unknown>) => void = () => {}) {
  const payload = webhookExample('pull_request', 'opened') as unknown as Record<string, unknown>;
  payload.action = action;
  change(payload);
  return pullRequestPayloadSchema.parse(payload);
}

/** A real issue_comment.created example on a pull request, parsed as the webhook parses it. */
function pullRequestComment(body: string) {
  return issueCommentPayloadSchema.parse(pullRequestCommentExample(body));
}

function requestsOf(plan: ReturnType<typeof planCommentJobs>): JobRequest[] {
  if (plan.kind !== 'enqueue') throw new Error(`expected jobs, got: ${plan.reason}`);
  return plan.requests;
}

describe('planPullRequestJobs', () => {
  it('plans one review job for the head of a newly opened pull request (it also describes when configured)', () => {
    const requests = requestsOf(planPullRequestJobs(pullRequest('opened'), project, deliveryId));
    const common = {
      projectId: project.projectId,
      organizationId: project.organizationId,
      platform: 'github',
      target: { kind: 'pull_request', repository: 'Codertocat/Hello-World', number: 2 },
      revision: 'ec26c3e57ca3a959ca5aad62de7213c562f8c821',
      trigger: 'automatic',
      event: 'opened',
      deliveryId,
    };
    expect(requests).toEqual([{ ...common, agent: 'review' }]);
  });

  it.each(['synchronize', 'reopened', 'ready_for_review'])('plans only a review on %s', (action) => {
    const requests = requestsOf(planPullRequestJobs(pullRequest(action), project, deliveryId));
    expect(requests).toEqual([expect.objectContaining({ agent: 'review', event: action })]);
  });

  it.each(['closed', 'labeled', 'edited', 'converted_to_draft'])('starts nothing on %s', (action) => {
    expect(planPullRequestJobs(pullRequest(action), project, deliveryId)).toEqual({
      kind: 'ignore',
      reason: `pull_request.${action} starts nothing`,
    });
  });

  it('starts nothing for a pull request that is no longer open', () => {
    const payload = pullRequest('synchronize', (raw) => {
      (raw.pull_request as { state: string }).state = 'closed';
    });
    expect(planPullRequestJobs(payload, project, deliveryId)).toEqual({
      kind: 'ignore',
      reason: 'the pull request is not open',
    });
  });

  it('leaves drafts to the worker, which reads the repository’s draft setting', () => {
    const payload = pullRequest('opened', (raw) => {
      (raw.pull_request as { draft: boolean }).draft = true;
    });
    expect(requestsOf(planPullRequestJobs(payload, project, deliveryId))).toHaveLength(1);
  });
});

describe('planCommentJobs', () => {
  it('plans the agent a comment asks for, answering that comment', () => {
    const payload = pullRequestComment('/agent describe');
    expect(requestsOf(planCommentJobs(payload, project, deliveryId))).toEqual([
      {
        projectId: project.projectId,
        organizationId: project.organizationId,
        platform: 'github',
        target: { kind: 'pull_request', repository: 'Codertocat/Hello-World', number: 1 },
        deliveryId,
        revision: 'comment-492700400',
        trigger: 'command',
        requestedBy: 'Codertocat',
        replyTo: {
          platform: 'github',
          commentId: 492700400,
          commentUrl: 'https://github.com/Codertocat/Hello-World/issues/1#issuecomment-492700400',
        },
        agent: 'describe',
      },
    ]);
  });

  it('carries the question of ask', () => {
    const [request] = requestsOf(
      planCommentJobs(pullRequestComment('/agent ask is this safe?'), project, deliveryId),
    );
    expect(request).toMatchObject({ agent: 'ask', question: 'is this safe?' });
    expect(request?.command).toBeUndefined();
  });

  it('turns an unknown word into an unknown command carrying the word', () => {
    const [request] = requestsOf(planCommentJobs(pullRequestComment('/agent deploy'), project, deliveryId));
    expect(request).toMatchObject({ agent: 'command', command: 'unknown', commandText: 'deploy' });
  });

  it('turns the prefix alone into an unknown command without text', () => {
    const [request] = requestsOf(planCommentJobs(pullRequestComment('/agent'), project, deliveryId));
    expect(request).toMatchObject({ agent: 'command', command: 'unknown' });
    expect(request?.commandText).toBeUndefined();
  });

  it('answers to the prefix the repository configured instead of the default', () => {
    const prefixed = { ...project, commandPrefix: '!sy' };
    expect(planCommentJobs(pullRequestComment('/agent review'), prefixed, deliveryId)).toEqual({
      kind: 'ignore',
      reason: 'the comment does not start with !sy',
    });
    expect(requestsOf(planCommentJobs(pullRequestComment('!sy review'), prefixed, deliveryId))).toEqual([
      expect.objectContaining({ agent: 'review' }),
    ]);
  });

  it('ignores edited and deleted comments', () => {
    const payload = { ...pullRequestComment('/agent review'), action: 'edited' };
    expect(planCommentJobs(payload, project, deliveryId)).toEqual({
      kind: 'ignore',
      reason: 'issue_comment.edited starts nothing',
    });
  });

  it('plans requests the worker accepts, for every kind of command', () => {
    for (const body of [
      '/agent review',
      '/agent ask why?',
      '/agent pause now',
      '/agent budget',
      '/agent x',
    ]) {
      for (const request of requestsOf(planCommentJobs(pullRequestComment(body), project, deliveryId))) {
        expect(parseJobRequest(request)).toMatchObject({ success: true });
      }
    }
  });

  // parseCommentCommand keeps everything after a command word as its text, but the job schema takes at most
  // 2,000 characters of commandText: `/agent pause` followed by a long explanation is enqueued, then refused by
  // the worker's parseJobRequest (UnrecoverableError), so the person gets no answer.
  it('plans a request the worker accepts for a command followed by a long explanation', () => {
    const body = `/agent pause\n\n${'We are mid-migration, please hold off reviews. '.repeat(60)}`;
    const [request] = requestsOf(planCommentJobs(pullRequestComment(body), project, deliveryId));
    expect(parseJobRequest(request)).toMatchObject({ success: true });
  });
});

describe('planPushJobs', () => {
  type PushExample = ReturnType<typeof defaultBranchPushExample>;
  type PushedCommit = PushExample['commits'][number];

  /** The real push to the default branch `master` (one commit adding README.md) onto an existing branch. */
  function push(change: (payload: PushExample & { size?: number }) => void = () => {}) {
    const payload = defaultBranchPushExample();
    payload.created = false;
    change(payload);
    return pushPayloadSchema.parse(payload);
  }
  const commit = (files: Partial<Pick<PushedCommit, 'added' | 'modified' | 'removed'>>): PushedCommit => ({
    ...defaultBranchPushExample().commits[0]!,
    added: [],
    modified: [],
    removed: [],
    ...files,
  });
  const touching = (payload: PushExample) => {
    payload.commits = [commit({ modified: ['src/app.ts'] }), commit({ modified: ['.switchyard.yml'] })];
  };

  it('plans one config job, keyed by the pushed commit, for a push to the default branch that changes .switchyard.yml', () => {
    const payload = push(touching);
    const requests = requestsOf(planPushJobs(payload, project, deliveryId));
    expect(requests).toEqual([
      {
        projectId: project.projectId,
        organizationId: project.organizationId,
        platform: 'github',
        target: { kind: 'repository', platform: 'github', repository: 'Codertocat/Hello-World' },
        agent: 'config',
        revision: payload.after,
        trigger: 'automatic',
        deliveryId,
      },
    ]);
    expect(parseJobRequest(requests[0])).toMatchObject({ success: true });
  });

  it.each<[string, Partial<Pick<PushedCommit, 'added' | 'removed'>>]>([
    ['adds', { added: ['.switchyard.yml'] }],
    ['removes', { removed: ['.switchyard.yml'] }],
  ])('plans one when the push %s the file', (_verb, files) => {
    const payload = push((raw) => {
      raw.commits = [commit(files)];
    });
    expect(requestsOf(planPushJobs(payload, project, deliveryId))).toHaveLength(1);
  });

  it('plans nothing for a push that leaves .switchyard.yml alone, or changes one in a subfolder', () => {
    expect(planPushJobs(push(), project, deliveryId)).toEqual({
      kind: 'ignore',
      reason: 'the push does not change .switchyard.yml',
    });
    const nested = push((raw) => {
      raw.commits = [commit({ modified: ['docs/.switchyard.yml'] })];
    });
    expect(planPushJobs(nested, project, deliveryId)).toMatchObject({ kind: 'ignore' });
  });

  it('plans nothing for a push to another branch, or a tag', () => {
    const feature = push((raw) => {
      touching(raw);
      raw.ref = 'refs/heads/feature';
    });
    expect(planPushJobs(feature, project, deliveryId)).toEqual({
      kind: 'ignore',
      reason: 'a push to refs/heads/feature, not to the default branch master, changes no configuration',
    });
    const tag = pushPayloadSchema.parse(webhookExample('push'));
    expect(planPushJobs(tag, project, deliveryId)).toMatchObject({ kind: 'ignore' });
  });

  it('plans nothing when the push deleted the default branch', () => {
    const deleted = push((raw) => {
      touching(raw);
      raw.deleted = true;
      raw.after = '0'.repeat(40);
    });
    expect(planPushJobs(deleted, project, deliveryId)).toEqual({
      kind: 'ignore',
      reason: 'the push deleted the branch',
    });
  });

  it('plans one for a push by a bot: the file changed all the same, and reading it calls no model', () => {
    const payload = push((raw) => {
      touching(raw);
      raw.sender = { ...raw.sender, login: 'renovate[bot]', type: 'Bot' };
    });
    expect(requestsOf(planPushJobs(payload, project, deliveryId))).toHaveLength(1);
  });

  it.each<[string, (raw: PushExample & { size?: number }) => void]>([
    [
      'a commit list cut short (size above the listed commits)',
      (raw) => {
        raw.size = 25;
      },
    ],
    [
      'the 2,048 commits GitHub lists at most',
      (raw) => {
        raw.commits = Array.from({ length: 2048 }, () => commit({ modified: ['README.md'] }));
      },
    ],
    [
      'a commit listing the 3,000 files GitHub reports at most',
      (raw) => {
        raw.commits = [commit({ modified: Array.from({ length: 3000 }, (_, index) => `file-${index}`) })];
      },
    ],
    [
      'a force-push (the commits are not all that changed)',
      (raw) => {
        raw.forced = true;
      },
    ],
    [
      'the branch being created',
      (raw) => {
        raw.created = true;
      },
    ],
    [
      'no commits listed',
      (raw) => {
        raw.commits = [];
      },
    ],
  ])('counts %s as a change of the file', (_case, change) => {
    expect(requestsOf(planPushJobs(push(change), project, deliveryId))).toHaveLength(1);
  });
});
