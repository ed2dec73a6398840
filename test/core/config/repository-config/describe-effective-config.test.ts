import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { describeEffectiveConfig } from '../../../../core/config/repository-config/describe-effective-config.js';
import { mergeRepositoryConfig } from '../../../../core/config/repository-config/merge-repository-config.js';
import { parseRepositoryConfig } from '../../../../core/config/repository-config/parse-repository-config.js';
import { defaultRepositoryConfig } from '../../../../core/config/repository-config/repository-config-schema.js';

function yamlBlock(markdown: string): string {
  const block = /(`{3,})yaml\n([\s\S]*?)\n\1/.exec(markdown);
  if (!block) throw new Error('no yaml block');
  return block[2]!;
}

describe('describeEffectiveConfig', () => {
  it('shows the merged values, with limits capped, and the warnings', () => {
    const parsed = parseRepositoryConfig('review:\n  profile: assertive\nlimits:\n  dailyUsd: 50\n');
    if (!parsed.success) throw new Error('fixture is invalid');
    const merged = mergeRepositoryConfig({ file: parsed.value, projectLimits: { dailyUsd: 20 } });
    const markdown = describeEffectiveConfig(merged.config, [...parsed.warnings, ...merged.warnings]);
    expect(markdown).toContain('profile: assertive');
    expect(markdown).toContain('dailyUsd: 20');
    expect(markdown).toContain("- limits.dailyUsd 50 is above the project's limit 20: using 20");
    expect(parse(yamlBlock(markdown))).toEqual(merged.config);
  });

  it('prints a block that reads back as the configuration, defaults included', () => {
    const markdown = describeEffectiveConfig(defaultRepositoryConfig, []);
    expect(parse(yamlBlock(markdown))).toEqual(defaultRepositoryConfig);
    expect(markdown).toContain("models: {} # the project's routing settings choose the models");
    expect(markdown).not.toContain('Warnings');
  });

  it('keeps instructions containing backticks inside the code block', () => {
    const config = {
      ...defaultRepositoryConfig,
      review: { ...defaultRepositoryConfig.review, instructions: 'Use ```ts fences``` in suggestions' },
    };
    const markdown = describeEffectiveConfig(config, []);
    expect(markdown).toContain('````yaml');
    expect(parse(yamlBlock(markdown)).review.instructions).toBe('Use ```ts fences``` in suggestions');
  });
});
