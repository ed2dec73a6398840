import type { ResolvedProviderCredential } from '../../projects/project-settings.js';
import { createProvider } from '../providers/create-provider.js';
import type { LanguageModel, Provider } from '../spec/language-model.js';

/**
 * Builds each provider's SDK client once per credential version and hands out its models, so the hot
 * path never constructs a client. A changed credential (new version) gets a new client.
 */
export interface ProviderRegistry {
  languageModel(credential: ResolvedProviderCredential, modelId: string): LanguageModel;
}

export function createProviderRegistry(
  options: { fetch?: typeof fetch; maxEntries?: number } = {},
): ProviderRegistry {
  const maxEntries = options.maxEntries ?? 1000;
  const providers = new Map<string, Provider>();
  const models = new Map<string, LanguageModel>();
  return {
    languageModel(credential, modelId) {
      const providerKey = `${credential.name}\u0000${credential.version}`;
      const modelKey = `${providerKey}\u0000${modelId}`;
      const cached = models.get(modelKey);
      if (cached) return cached;
      let provider = providers.get(providerKey);
      if (!provider) {
        if (providers.size >= maxEntries) {
          providers.clear();
          models.clear();
        }
        provider = createProvider(
          {
            name: credential.name,
            kind: credential.kind,
            apiKey: credential.apiKey,
            baseUrl: credential.baseUrl,
          },
          { fetch: options.fetch },
        );
        providers.set(providerKey, provider);
      }
      const model = provider.languageModel(modelId);
      models.set(modelKey, model);
      return model;
    },
  };
}
