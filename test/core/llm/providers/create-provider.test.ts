import { describe, expect, it } from '@jest/globals';
import { SwitchyardError } from '../../../../core/errors/switchyard-error.js';
import { createProvider } from '../../../../core/llm/providers/create-provider.js';
import type { ProviderKind } from '../../../../core/llm/spec/language-model.js';

describe('createProvider', () => {
  it.each<[ProviderKind, string]>([
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['openai-compatible', 'groq'],
  ])('creates a %s provider whose models carry the provider name', (kind, name) => {
    const provider = createProvider({ name, kind, apiKey: 'sk-test', baseUrl: 'http://127.0.0.1:9/v1' });
    expect(provider).toMatchObject({ name, kind });
    expect(provider.languageModel('some-model')).toMatchObject({ provider: name, modelId: 'some-model' });
  });

  it('refuses an unknown kind with a message naming the valid ones', () => {
    const settings = { name: 'mystery', kind: 'mystery' as ProviderKind };
    expect(() => createProvider(settings)).toThrow(SwitchyardError);
    expect(() => createProvider(settings)).toThrow(/use openai, anthropic or openai-compatible/);
  });
});
