import { describe, expect, it } from '@jest/globals';
import { describeJobFailure } from '../../../core/agents/describe-job-failure.js';
import { SwitchyardError } from '../../../core/errors/switchyard-error.js';
import type { JobRequest } from '../../../core/jobs/job-request.js';

function job(agent: JobRequest['agent'], attemptsMade = 1) {
  const request: JobRequest = {
    projectId: '00000000-0000-4000-8000-000000000001',
    organizationId: '00000000-0000-4000-8000-000000000002',
    platform: 'github',
    target: { kind: 'pull_request', repository: 'acme/api', number: 3 },
    agent,
    revision: 'abc1234',
    trigger: 'command',
    ...(agent === 'ask' ? { question: 'why?' } : {}),
    ...(agent === 'command' ? { command: 'budget' as const } : {}),
  };
  return { jobId: 'review-job-1', request, attemptsMade };
}

describe('describeJobFailure', () => {
  it('explains a budget refusal in its own words, with what an administrator can do', () => {
    const error = new SwitchyardError({
      code: 'budget.exceeded',
      status: 402,
      message: 'The project has spent its $5.00 daily budget.',
    });
    const text = describeJobFailure(error, job('review'));
    expect(text).toContain('### ⚠️ Switchyard could not post the review');
    expect(text).toContain(
      'The review for this pull request failed: The project has spent its $5.00 daily budget.',
    );
    expect(text).toContain('raise the budget');
    expect(text).toContain('`review-job-1` · `budget.exceeded`');
  });

  it('points a run that reached its per-run cap at limits.perRunUsd instead of the budgets', () => {
    const error = new SwitchyardError({
      code: 'budget.run_cap_reached',
      status: 402,
      message: 'cap reached',
    });
    const text = describeJobFailure(error, job('describe'));
    expect(text).toContain('Raise `limits.perRunUsd` in `.switchyard.yml`');
    expect(text).not.toContain('raise the budget');
  });

  it('names the work that failed after the agent, and how many attempts it took', () => {
    const error = new SwitchyardError({ code: 'llm.unavailable', message: 'No provider answered.' });
    const text = describeJobFailure(error, job('ask', 3));
    expect(text).toContain('could not post the answer');
    expect(text).toContain('failed after 3 attempts: No provider answered.');
    expect(text).toContain('model providers were unavailable');
  });

  it('advises checking the app’s permissions when the platform refused', () => {
    const error = new SwitchyardError({ code: 'github.forbidden', message: 'Resource not accessible.' });
    expect(describeJobFailure(error, job('describe'))).toContain("check the app's permissions");
  });

  it('never repeats the message of an error that is not Switchyard’s own', () => {
    const error = new Error('connect ECONNREFUSED 10.1.2.3:5432 password=hunter2');
    const text = describeJobFailure(error, job('review'));
    expect(text).toContain('failed: an unexpected error');
    expect(text).not.toContain('ECONNREFUSED');
    expect(text).not.toContain('hunter2');
    expect(text).toContain('log under this job id');
    expect(text).toContain('<sub>Job `review-job-1`</sub>');
  });
});
