import { describe, expect, it } from '@jest/globals';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import { makeRequest, revision } from './__fixtures__/job-fixtures.js';

describe('buildJobId', () => {
  it('gives the same id to the same work, so redeliveries and double clicks collapse', () => {
    const request = makeRequest();
    expect(buildJobId(request)).toEqual(buildJobId({ ...request, target: { ...request.target } }));
    const clicked = makeRequest({ ...request, trigger: 'command', requestedBy: 'ada', deliveryId: 'd-2' });
    expect(buildJobId(clicked).jobId).toBe(buildJobId(request).jobId);
  });

  it('makes ids BullMQ accepts: no colon, not an integer, bounded length', () => {
    const ids = [
      buildJobId(makeRequest()).jobId,
      buildJobId(makeRequest({ revision: `refs/heads/${'x'.repeat(180)}:weird` })).jobId,
      buildJobId(
        makeRequest({
          agent: 'ask',
          question: 'q'.repeat(20_000),
          target: { kind: 'pull_request', repository: 'g/'.repeat(200), number: 2_000_000_000 },
        }),
      ).jobId,
    ];
    for (const jobId of ids) {
      expect(jobId).toMatch(/^[a-z0-9._-]+$/);
      expect(jobId.length).toBeLessThanOrEqual(120);
    }
  });

  it('keeps a commit SHA readable and hashes any other revision', () => {
    const request = makeRequest({ revision: revision('f') });
    expect(buildJobId(request).jobId).toMatch(/^review-pr7-[0-9a-f]{24}-f{40}$/);
    expect(buildJobId(makeRequest({ revision: 'main:HEAD' })).jobId).toMatch(/-h[0-9a-f]{32}$/);
  });

  it('shares the target key across revisions and separates projects, targets and agents', () => {
    const request = makeRequest();
    const older = buildJobId(request);
    const newer = buildJobId({ ...request, revision: revision('b') });
    expect(newer.targetKey).toBe(older.targetKey);
    expect(newer.jobId).not.toBe(older.jobId);
    const others = [
      makeRequest({ target: request.target, revision: request.revision }),
      { ...request, agent: 'describe' as const },
      { ...request, target: { ...request.target, number: 8 } },
      { ...request, target: { ...request.target, repository: 'acme/web' } },
    ];
    for (const other of others) expect(buildJobId(other).targetKey).not.toBe(older.targetKey);
  });

  it('treats repository paths case-insensitively', () => {
    const request = makeRequest();
    expect(buildJobId({ ...request, target: { ...request.target, repository: 'Acme/API' } })).toEqual(
      buildJobId(request),
    );
  });

  it('makes two different questions, or one question from two people, two jobs', () => {
    const ask = makeRequest({ agent: 'ask', trigger: 'command', question: 'Why?', requestedBy: 'ada' });
    const same = buildJobId({ ...ask });
    expect(buildJobId(ask)).toEqual(same);
    expect(buildJobId({ ...ask, question: 'How?' }).jobId).not.toBe(same.jobId);
    expect(buildJobId({ ...ask, requestedBy: 'grace' }).jobId).not.toBe(same.jobId);
    expect(buildJobId({ ...ask, question: 'How?' }).targetKey).not.toBe(same.targetKey);
  });
});
