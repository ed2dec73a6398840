import type { LanguageModel, Provider, ProviderSettings } from '../../spec/language-model.js';
import type { ProviderOptions } from '../provider-options.js';
import { collectSecrets } from '../redact-secrets.js';
import { missingApiKeyProblem, UnconfiguredLanguageModel } from '../unconfigured-language-model.js';
import type { OpenAIDialect } from './convert-to-openai-request.js';
import { createOpenAIClient } from './create-openai-client.js';
import { OpenAILanguageModel } from './openai-language-model.js';

const openAIDialect: OpenAIDialect = { maxTokensField: 'max_completion_tokens' };

/** Creates an OpenAI provider: one SDK client shared by all of its models. */
export function createOpenAIProvider(settings: ProviderSettings, options: ProviderOptions = {}): Provider {
  const name = settings.name;
  if (!settings.apiKey) {
    const problem = missingApiKeyProblem(name, 'OPENAI_API_KEY');
    return {
      name,
      kind: 'openai',
      languageModel: (modelId) => new UnconfiguredLanguageModel(name, modelId, problem),
    };
  }
  const configuration = {
    provider: name,
    client: createOpenAIClient({
      apiKey: settings.apiKey,
      baseUrl: settings.baseUrl,
      headers: settings.headers,
      fetch: options.fetch,
    }),
    dialect: openAIDialect,
    secrets: collectSecrets(settings.apiKey, settings.headers),
  };
  return {
    name,
    kind: 'openai',
    languageModel: (modelId): LanguageModel => new OpenAILanguageModel(modelId, configuration),
  };
}
