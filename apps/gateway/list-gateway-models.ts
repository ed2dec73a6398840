import { parseModelName } from '../../core/llm/model-name.js';
import { listBuiltInModels } from '../../core/llm/pricing/lookup-price.js';
import { routingFor } from '../../core/llm/router/plan-candidates.js';
import type { ProjectSettings } from '../../core/projects/project-settings.js';

/** `GET /v1/models`: `auto`, the project's routing list, and priced models of its configured providers. */
export function listGatewayModels(settings: ProjectSettings) {
  const routing = routingFor(settings, 'default');
  const priced = [...listBuiltInModels(), ...Object.keys(settings.priceOverrides)].filter((id) => {
    const name = parseModelName(id);
    return name !== undefined && settings.providers[name.provider] !== undefined;
  });
  const ids = [...new Set([...routing.models, ...priced])].filter(
    (id) => !routing.allowedModels || routing.allowedModels.includes(id),
  );
  return [
    { id: 'auto', object: 'model', created: 0, owned_by: 'switchyard' },
    ...ids.map((id) => ({
      id,
      object: 'model',
      created: 0,
      owned_by: parseModelName(id)?.provider ?? 'switchyard',
    })),
  ];
}
