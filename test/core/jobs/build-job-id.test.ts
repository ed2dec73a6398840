import { createHash } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { buildJobId } from '../../../core/jobs/build-job-id.js';
import { makeConfigRequest, makeRequest, revision } from './__fixtures__/job-fixtures.js';

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

  it('names a config job by its repository and pushed commit, one target key per project', () => {
    const config = makeConfigRequest({ revision: revision('e') });
    const { jobId, targetKey } = buildJobId(config);
    expect(jobId).toMatch(/^config-repo-[0-9a-f]{24}-e{40}$/);
    expect(buildJobId({ ...config, revision: revision('d') }).targetKey).toBe(targetKey);
    expect(buildJobId({ ...config, projectId: makeConfigRequest().projectId }).targetKey).not.toBe(targetKey);
    // The delivery that connected the repository is readable too (a GitHub delivery id is a UUID).
    const connected = buildJobId({ ...config, revision: 'connect-72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    expect(connected.jobId).toMatch(/-connect-72d3162e-cc78-11e3-81ab-4c9367dc0958$/);
    expect(connected.jobId.length).toBeLessThanOrEqual(120);
  });

  it('keeps the ids of pull request jobs as they were, so queued jobs keep theirs', () => {
    const request = makeRequest({
      projectId: '6f1c1c36-0a39-4d6b-9c5e-3b8f5d1c2a01',
      revision: revision('f'),
    });
    expect(buildJobId(request).jobId).toBe(`review-pr7-${expectedDigest(request)}-${revision('f')}`);
  });
});

/** The digest as buildJobId computed it before repository-wide jobs existed. */
function expectedDigest(request: ReturnType<typeof makeRequest>): string {
  const { target } = request;
  const parts = [
    request.projectId,
    target.kind,
    target.repository.toLowerCase(),
    target.number,
    request.agent,
  ];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}
