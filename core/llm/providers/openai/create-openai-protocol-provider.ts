import type { LanguageModel, Provider, ProviderKind, ProviderSettings } from '../../spec/language-model.js';
import type { ProviderOptions } from '../provider-options.js';
import { collectSecrets } from '../redact-secrets.js';
import type { OpenAIDialect } from './convert-to-openai-request.js';
import { createOpenAIClient } from './create-openai-client.js';
import { OpenAILanguageModel } from './openai-language-model.js';

/** A provider speaking OpenAI's chat.completions protocol: one SDK client shared by all of its models. */
export function createOpenAIProtocolProvider(
  settings: ProviderSettings,
  options: ProviderOptions,
  kind: ProviderKind,
  dialect: OpenAIDialect,
): Provider {
  const configuration = {
    provider: settings.name,
    client: createOpenAIClient({
      apiKey: settings.apiKey,
      baseUrl: settings.baseUrl,
      headers: settings.headers,
      fetch: options.fetch,
    }),
    dialect,
    secrets: collectSecrets(settings.apiKey, settings.headers),
  };
  return {
    name: settings.name,
    kind,
    languageModel: (modelId): LanguageModel => new OpenAILanguageModel(modelId, configuration),
  };
}
