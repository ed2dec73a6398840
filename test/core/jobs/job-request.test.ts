import { describe, expect, it } from '@jest/globals';
import { parseJobRequest } from '../../../core/jobs/job-request.js';
import { makeConfigRequest, makeRequest } from './__fixtures__/job-fixtures.js';

describe('parseJobRequest', () => {
  it('accepts a complete request and keeps the opaque reply target', () => {
    const request = makeRequest({
      agent: 'ask',
      trigger: 'command',
      question: 'Is this safe?',
      requestedBy: 'ada',
      replyTo: { commentId: 123, thread: { ts: '1.2' } },
      deliveryId: 'd-1',
    });
    expect(parseJobRequest(request)).toEqual({ success: true, value: request });
  });

  it('refuses an ask without a question and a question for another agent', () => {
    const ask = parseJobRequest(makeRequest({ agent: 'ask' }));
    expect(ask.success).toBe(false);
    if (!ask.success) expect(ask.error.message).toMatch(/question: is required for the ask agent/);
    const review = parseJobRequest(makeRequest({ question: 'why?' }));
    expect(review.success).toBe(false);
    if (!review.success) expect(review.error.message).toMatch(/question: is only accepted by the ask agent/);
  });

  it('names every invalid field in one job.invalid_request error', () => {
    const result = parseJobRequest({
      ...makeRequest(),
      projectId: 'not-a-uuid',
      platform: 'bitbucket',
      target: { kind: 'pull_request', repository: '', number: 1.5 },
    });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.error.code).toBe('job.invalid_request');
    expect(result.error.status).toBe(400);
    for (const field of ['projectId', 'platform', 'target.repository', 'target.number']) {
      expect(result.error.message).toContain(`${field}:`);
    }
  });

  it('refuses what is not an object', () => {
    expect(parseJobRequest('review please').success).toBe(false);
    expect(parseJobRequest(null).success).toBe(false);
  });

  it('accepts a config job on a whole repository, with no pull request event', () => {
    const request = makeConfigRequest({ deliveryId: 'd-2' });
    expect(parseJobRequest(request)).toEqual({ success: true, value: request });
  });

  it('ties the config agent to a repository target, and every other agent to a pull request', () => {
    const pullRequestConfig = parseJobRequest({ ...makeRequest(), agent: 'config' });
    expect(pullRequestConfig.success).toBe(false);
    if (!pullRequestConfig.success)
      expect(pullRequestConfig.error.message).toMatch(
        /target\.kind: must be repository for, and only for, config jobs/,
      );
    const repositoryReview = parseJobRequest(makeConfigRequest({ agent: 'review', event: 'opened' }));
    expect(repositoryReview.success).toBe(false);
    const noNumber = parseJobRequest({
      ...makeConfigRequest(),
      target: { kind: 'pull_request', repository: 'a/b' },
    });
    expect(noNumber.success).toBe(false);
  });
});
