import type { Provider, ProviderSettings } from '../../spec/language-model.js';
import type { ProviderOptions } from '../provider-options.js';
import { createUnconfiguredProvider, missingApiKeyProblem } from '../unconfigured-language-model.js';
import type { OpenAIDialect } from './convert-to-openai-request.js';
import { createOpenAIProtocolProvider } from './create-openai-protocol-provider.js';

const openAIDialect: OpenAIDialect = { maxTokensField: 'max_completion_tokens' };

/** Creates an OpenAI provider: one SDK client shared by all of its models. */
export function createOpenAIProvider(settings: ProviderSettings, options: ProviderOptions = {}): Provider {
  if (!settings.apiKey) {
    return createUnconfiguredProvider(
      settings.name,
      'openai',
      missingApiKeyProblem(settings.name, 'OPENAI_API_KEY'),
    );
  }
  return createOpenAIProtocolProvider(settings, options, 'openai', openAIDialect);
}
