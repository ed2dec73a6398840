import type { Provider, ProviderSettings } from '../../spec/language-model.js';
import type { OpenAIDialect } from '../openai/convert-to-openai-request.js';
import { createOpenAIProtocolProvider } from '../openai/create-openai-protocol-provider.js';
import type { ProviderOptions } from '../provider-options.js';
import { createUnconfiguredProvider } from '../unconfigured-language-model.js';

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
  if (!settings.baseUrl) {
    // Without one the SDK would send this provider's key to api.openai.com.
    return createUnconfiguredProvider(settings.name, 'openai-compatible', {
      reason: 'not_found',
      summary: `no base URL is configured for OpenAI-compatible provider "${settings.name}"`,
      detail: `store the server's base URL (ending in /v1) for "${settings.name}" in the project's provider settings`,
    });
  }
  return createOpenAIProtocolProvider(settings, options, 'openai-compatible', compatibleDialect);
}
