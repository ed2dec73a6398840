import { describe, expect, it } from '@jest/globals';
import { mergeRepositoryConfig } from '../../../../core/config/repository-config/merge-repository-config.js';
import {
  defaultRepositoryConfig,
  type RepositoryConfig,
} from '../../../../core/config/repository-config/repository-config-schema.js';

function withLimits(limits: RepositoryConfig['limits']): RepositoryConfig {
  return { ...defaultRepositoryConfig, limits };
}

describe('mergeRepositoryConfig', () => {
  it('lets the file lower the project limits', () => {
    const merged = mergeRepositoryConfig({
      file: withLimits({ dailyUsd: 5, monthlyUsd: 50 }),
      projectLimits: { dailyUsd: 20, monthlyUsd: 300 },
    });
    expect(merged.config.limits).toEqual({ dailyUsd: 5, monthlyUsd: 50 });
    expect(merged.warnings).toEqual([]);
  });

  it('never raises a project limit, and says so', () => {
    const merged = mergeRepositoryConfig({
      file: withLimits({ dailyUsd: 50, monthlyUsd: 1000 }),
      projectLimits: { dailyUsd: 20, monthlyUsd: 300 },
    });
    expect(merged.config.limits).toEqual({ dailyUsd: 20, monthlyUsd: 300 });
    expect(merged.warnings).toEqual([
      "limits.dailyUsd 50 is above the project's limit 20: using 20",
      "limits.monthlyUsd 1000 is above the project's limit 300: using 300",
    ]);
  });

  it('keeps the project limit where the file sets none, and the file limit where the project sets none', () => {
    const merged = mergeRepositoryConfig({
      file: withLimits({ monthlyUsd: 40 }),
      projectLimits: { dailyUsd: 3 },
    });
    expect(merged.config.limits).toEqual({ dailyUsd: 3, monthlyUsd: 40 });
    expect(merged.warnings).toEqual([]);
  });

  it('leaves the per-run cap, which only the file sets, as written', () => {
    const merged = mergeRepositoryConfig({
      file: withLimits({ perRunUsd: 2 }),
      projectLimits: { dailyUsd: 1 },
    });
    expect(merged.config.limits).toEqual({ perRunUsd: 2, dailyUsd: 1 });
  });

  it('leaves the file it was given unchanged', () => {
    const file = withLimits({ dailyUsd: 50 });
    const merged = mergeRepositoryConfig({ file, projectLimits: { dailyUsd: 20 } });
    expect(file.limits).toEqual({ dailyUsd: 50 });
    expect(merged.config).not.toBe(file);
    expect({ ...merged.config, limits: {} }).toEqual({ ...defaultRepositoryConfig, limits: {} });
  });
});
