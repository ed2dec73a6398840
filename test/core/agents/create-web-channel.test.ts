import { describe, expect, it } from '@jest/globals';
import { createWebChannel } from '../../../core/agents/create-command-channel.js';
import { parseJobRequest } from '../../../core/jobs/job-request.js';

describe('the web channel of a re-run asked for on the web page', () => {
  it('acknowledges, answers, refuses and completes without posting anything', async () => {
    const channel = createWebChannel();
    await expect(channel.acknowledge()).resolves.toBeUndefined();
    await expect(channel.answer('body')).resolves.toBeUndefined();
    await expect(channel.refuse('no')).resolves.toBeUndefined();
    await expect(channel.complete({ resultUrl: 'https://x/1' })).resolves.toBeUndefined();
  });

  it('is named by requestedVia web on a command request, with the Switchyard user behind it', () => {
    const parsed = parseJobRequest({
      projectId: '00000000-0000-4000-8000-000000000001',
      organizationId: '00000000-0000-4000-8000-000000000002',
      platform: 'github',
      target: { kind: 'pull_request', repository: 'acme/api', number: 1 },
      agent: 'review',
      revision: 'rerun-0123456789ab',
      trigger: 'command',
      requestedVia: 'web',
      requestedByUser: 'user-1',
    });
    expect(parsed.success && parsed.value).toMatchObject({ requestedVia: 'web', requestedByUser: 'user-1' });
    const other = parseJobRequest({ ...(parsed.success ? parsed.value : {}), requestedVia: 'email' });
    expect(other.success).toBe(false);
  });
});
