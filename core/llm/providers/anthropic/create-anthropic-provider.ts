import type { LanguageModel, Provider, ProviderSettings } from '../../spec/language-model.js';
import type { ProviderOptions } from '../provider-options.js';
import { collectSecrets } from '../redact-secrets.js';
import { createUnconfiguredProvider, missingApiKeyProblem } from '../unconfigured-language-model.js';
import { AnthropicLanguageModel } from './anthropic-language-model.js';
import { createAnthropicClient } from './create-anthropic-client.js';

/** Creates an Anthropic provider: one SDK client shared by all of its models. */
export function createAnthropicProvider(settings: ProviderSettings, options: ProviderOptions = {}): Provider {
  const name = settings.name;
  if (!settings.apiKey) {
    // Without a key the SDK would look for credentials in the environment and in profiles on disk.
    return createUnconfiguredProvider(name, 'anthropic', missingApiKeyProblem(name, 'ANTHROPIC_API_KEY'));
  }
  const configuration = {
    provider: name,
    client: createAnthropicClient({
      apiKey: settings.apiKey,
      baseUrl: settings.baseUrl,
      headers: settings.headers,
      fetch: options.fetch,
    }),
    secrets: collectSecrets(settings.apiKey, settings.headers),
  };
  return {
    name,
    kind: 'anthropic',
    languageModel: (modelId): LanguageModel => new AnthropicLanguageModel(modelId, configuration),
  };
}
