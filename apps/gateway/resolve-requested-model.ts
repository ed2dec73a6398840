import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { parseModelName } from '../../core/llm/model-name.js';
import { routingFor } from '../../core/llm/router/plan-candidates.js';
import type { ProjectSettings } from '../../core/projects/project-settings.js';

/**
 * The request's `model`: `auto` lets the project's routing decide; `provider:model` is tried first with the
 * routing list as fallbacks; a bare name must match a model of the routing list.
 */
export function resolveRequestedModel(requested: string, settings: ProjectSettings): string | undefined {
  if (requested === 'auto') return undefined;
  const routing = routingFor(settings, 'default');
  const named = parseModelName(requested);
  if (named) {
    if (routing.allowedModels && !routing.allowedModels.includes(named.id)) {
      throw new SwitchyardError({
        code: 'request.model_not_allowed',
        status: 403,
        message: `${named.id} is not in this project's allowed models (${routing.allowedModels.join(', ')})`,
      });
    }
    if (!settings.providers[named.provider]) {
      throw new SwitchyardError({
        code: 'request.unknown_provider',
        status: 400,
        message: `No provider named "${named.provider}" is configured for this project (configured: ${Object.keys(settings.providers).join(', ') || 'none'})`,
      });
    }
    return named.id;
  }
  const match = routing.models.find((model) => parseModelName(model)?.model === requested);
  if (!match) {
    throw new SwitchyardError({
      code: 'request.model_not_found',
      status: 404,
      message: `Model "${requested}" is not in this project's routing list: use "auto", a provider:model name, or one of ${routing.models.join(', ') || '(empty list)'}`,
    });
  }
  return match;
}
