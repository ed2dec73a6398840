import { SwitchyardError } from '../../errors/switchyard-error.js';
import type { Provider, ProviderSettings } from '../spec/language-model.js';
import { createAnthropicProvider } from './anthropic/create-anthropic-provider.js';
import { createOpenAIProvider } from './openai/create-openai-provider.js';
import { createOpenAICompatibleProvider } from './openai-compatible/create-openai-compatible-provider.js';
import type { ProviderOptions } from './provider-options.js';

/** Creates the provider adapter for `settings.kind`, with one SDK client shared by its models. */
export function createProvider(settings: ProviderSettings, options?: ProviderOptions): Provider {
  switch (settings.kind) {
    case 'openai':
      return createOpenAIProvider(settings, options);
    case 'anthropic':
      return createAnthropicProvider(settings, options);
    case 'openai-compatible':
      return createOpenAICompatibleProvider(settings, options);
  }
  // Kinds come from the database and configuration, so an unknown one can reach here despite the type.
  throw new SwitchyardError({
    code: 'llm.unknown_provider_kind',
    message: `provider "${settings.name}" has kind "${String(settings.kind)}": use openai, anthropic or openai-compatible`,
  });
}
