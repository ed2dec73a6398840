import { randomUUID } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import type { RepositorySource } from '../../../core/agents/pull-request-platform.js';
import { refreshRepositoryConfig } from '../../../core/agents/refresh-repository-config.js';
import type { RepositoryConfigSummary } from '../../../core/config/repository-config/summarize-repository-config.js';
import { createJobAbortReason } from '../../../core/jobs/job-cancel-reason.js';
import type { JobContext } from '../../../core/jobs/job-context.js';
import { createLogger } from '../../../core/logging/create-logger.js';

/** A repository whose default branch holds `files` (none: an empty repository), remembering what was read. */
function repository(files: Record<string, string> | undefined) {
  const reads: Array<[string, string]> = [];
  const source: RepositorySource = {
    getDefaultBranch: async () => (files ? 'trunk' : undefined),
    async readFile(path, ref) {
      reads.push([path, ref]);
      return ref === 'trunk' ? files?.[path] : undefined;
    },
  };
  return { source, reads };
}

function directory() {
  const recorded: Array<[string, RepositoryConfigSummary]> = [];
  return {
    recorded,
    async recordRepositoryConfig(projectId: string, summary: RepositoryConfigSummary) {
      recorded.push([projectId, summary]);
    },
  };
}

function job(signal = new AbortController().signal): JobContext {
  return {
    request: {
      projectId: randomUUID(),
      organizationId: randomUUID(),
      platform: 'gitlab',
      target: { kind: 'repository', platform: 'gitlab', repository: 'acme/platform/api' },
      agent: 'config',
      revision: 'c'.repeat(40),
      trigger: 'automatic',
    },
    jobId: 'config-repo-test',
    targetKey: 'config-repo',
    attempt: 1,
    attemptsMade: 0,
    signal,
    logger: createLogger({ level: 'silent' }),
  };
}

const defaultAgents = [
  { agent: 'review', triggers: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'command'] },
  { agent: 'describe', triggers: ['command'] },
  { agent: 'ask', triggers: ['command'] },
];

describe('refreshRepositoryConfig', () => {
  it("records the prefix and enabled agents of .switchyard.yml on the repository's default branch", async () => {
    const { source, reads } = repository({
      '.switchyard.yml': 'commands:\n  prefix: "@bot"\nagents:\n  describe:\n    enabled: false\n',
    });
    const recorder = directory();
    const context = job();
    expect(await refreshRepositoryConfig({ job: context, repository: source, directory: recorder })).toEqual({
      costUsd: 0,
    });
    expect(reads).toEqual([['.switchyard.yml', 'trunk']]);
    expect(recorder.recorded).toEqual([
      [
        context.request.projectId,
        {
          source: 'file',
          commandPrefix: '@bot',
          agents: [defaultAgents[0], defaultAgents[2]],
        },
      ],
    ]);
  });

  it('records the defaults when the file is missing, and for an empty repository without reading', async () => {
    for (const files of [{ 'README.md': '# x\n' }, undefined]) {
      const { source, reads } = repository(files);
      const recorder = directory();
      await refreshRepositoryConfig({ job: job(), repository: source, directory: recorder });
      expect(recorder.recorded[0]![1]).toEqual({
        source: 'defaults',
        commandPrefix: undefined,
        agents: defaultAgents,
      });
      expect(reads).toHaveLength(files ? 1 : 0);
    }
  });

  it('records an invalid file as invalid, with the defaults that runs then use', async () => {
    const { source } = repository({
      '.switchyard.yml': 'commands:\n  prefix: two words\nreview:\n  profile: loud\n',
    });
    const recorder = directory();
    await refreshRepositoryConfig({ job: job(), repository: source, directory: recorder });
    expect(recorder.recorded[0]![1]).toEqual({
      source: 'invalid',
      commandPrefix: undefined,
      agents: defaultAgents,
    });
  });

  it('records nothing once a newer push superseded the job while it read', async () => {
    const controller = new AbortController();
    const { source } = repository({ '.switchyard.yml': 'commands:\n  prefix: "@old"\n' });
    const slow: RepositorySource = {
      ...source,
      async readFile(path, ref) {
        controller.abort(createJobAbortReason('superseded'));
        return source.readFile(path, ref);
      },
    };
    const recorder = directory();
    await expect(
      refreshRepositoryConfig({ job: job(controller.signal), repository: slow, directory: recorder }),
    ).rejects.toMatchObject({ code: 'job.superseded' });
    expect(recorder.recorded).toEqual([]);
  });
});
