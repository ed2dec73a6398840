import type { LanguageModel, Provider, ProviderSettings } from '../../spec/language-model.js';
import type { OpenAIDialect } from '../openai/convert-to-openai-request.js';
import { createOpenAIClient } from '../openai/create-openai-client.js';
import { OpenAILanguageModel } from '../openai/openai-language-model.js';
import type { ProviderOptions } from '../provider-options.js';
import { collectSecrets } from '../redact-secrets.js';
import { UnconfiguredLanguageModel } from '../unconfigured-language-model.js';

// Gemini, Groq, Ollama, vLLM and Azure all know `max_tokens`; not all know `max_completion_tokens`.
const compatibleDialect: OpenAIDialect = { maxTokensField: 'max_tokens' };

/**
 * Creates a provider for any server that speaks OpenAI's chat.completions API (Gemini, Groq, Ollama, vLLM,
 * Azure OpenAI): a custom base URL, an optional key (Ollama needs none) and optional extra headers (Azure's
 * `api-key`); its models are named with the custom provider name as prefix.
 */
export function createOpenAICompatibleProvider(
  settings: ProviderSettings,
  options: ProviderOptions = {},
): Provider {
  const name = settings.name;
  if (!settings.baseUrl) {
    // Without one the SDK would send this provider's key to api.openai.com.
    const problem = {
      reason: 'not_found' as const,
      summary: `no base URL is configured for OpenAI-compatible provider "${name}"`,
      detail: `store the server's base URL (ending in /v1) for "${name}" in the project's provider settings`,
    };
    return {
      name,
      kind: 'openai-compatible',
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
    dialect: compatibleDialect,
    secrets: collectSecrets(settings.apiKey, settings.headers),
  };
  return {
    name,
    kind: 'openai-compatible',
    languageModel: (modelId): LanguageModel => new OpenAILanguageModel(modelId, configuration),
  };
}
