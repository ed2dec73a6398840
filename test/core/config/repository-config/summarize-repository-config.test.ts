import { describe, expect, it } from '@jest/globals';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';
import { defaultRepositoryConfig } from '../../../../core/config/repository-config/repository-config-schema.js';
import { summarizeRepositoryConfig } from '../../../../core/config/repository-config/summarize-repository-config.js';

describe('the repository config summary the settings page shows', () => {
  it('lists the enabled agents with their triggers, and no prefix when the default applies', () => {
    expect(summarizeRepositoryConfig(defaultRepositoryConfig, 'defaults', '/agent')).toEqual({
      source: 'defaults',
      agents: [
        { agent: 'review', triggers: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'command'] },
        { agent: 'describe', triggers: ['command'] },
        { agent: 'ask', triggers: ['command'] },
      ],
    });
  });

  it('leaves out disabled agents and keeps a custom prefix', () => {
    const parsed = parseRepositoryConfig(
      'commands:\n  prefix: "@bot"\nagents:\n  review:\n    enabled: false\n  ask:\n    enabled: false\n',
    );
    if (!parsed.success) throw new Error(JSON.stringify(parsed.errors));
    expect(summarizeRepositoryConfig(parsed.value, 'file', '/agent')).toEqual({
      source: 'file',
      commandPrefix: '@bot',
      agents: [{ agent: 'describe', triggers: ['command'] }],
    });
  });
});
