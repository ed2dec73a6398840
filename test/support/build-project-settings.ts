import { randomUUID } from 'node:crypto';
import type { ProjectSettings, RoutingSettings } from '../../core/projects/project-settings.js';

/** Project settings for tests: providers `alpha`, `beta`, `gamma` (openai-compatible) and a routing rule. */
export function buildProjectSettings(
  options: { routing?: RoutingSettings; overrides?: Partial<ProjectSettings> } = {},
): ProjectSettings {
  const provider = (name: string) => ({
    name,
    kind: 'openai-compatible' as const,
    apiKey: `key-${name}`,
    baseUrl: 'http://127.0.0.1:9/v1',
    source: 'project' as const,
    version: '1',
  });
  return {
    projectId: randomUUID(),
    organizationId: randomUUID(),
    projectName: 'acme/api',
    routing: {
      default: options.routing ?? {
        policy: 'fallback',
        models: ['alpha:small', 'beta:medium', 'gamma:large'],
      },
    },
    limits: { project: { softAlertRatio: 0.8 }, organization: { softAlertRatio: 0.8 } },
    priceOverrides: {
      'alpha:small': { inputPerMTok: 1, outputPerMTok: 2, contextWindow: 1000, maxOutputTokens: 500 },
      'beta:medium': { inputPerMTok: 0.5, outputPerMTok: 1, contextWindow: 8000, maxOutputTokens: 1000 },
      'gamma:large': { inputPerMTok: 3, outputPerMTok: 6, contextWindow: 100_000, maxOutputTokens: 1000 },
    },
    providers: { alpha: provider('alpha'), beta: provider('beta'), gamma: provider('gamma') },
    cacheTtlSeconds: 0,
    ...options.overrides,
  };
}
