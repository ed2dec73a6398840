import { isSwitchyardError, SwitchyardError } from '../../core/errors/switchyard-error.js';
import { listBuiltInModels, lookupPrice } from '../../core/llm/pricing/lookup-price.js';
import { createProvider } from '../../core/llm/providers/create-provider.js';
import { redactSecrets } from '../../core/llm/providers/redact-secrets.js';
import type { ResolvedProviderCredential } from '../../core/projects/project-settings.js';

/** The answer of a provider test: never the key, only whether one cheap call went through. */
export interface ProviderCheck {
  ok: boolean;
  /** `provider:model` that was called. */
  model?: string;
  latencyMs?: number;
  error?: { code: string; message: string };
}

/** The built-in models of one provider, cheapest first. */
function cheapestBuiltInModels(providerName: string): string[] {
  const priceOf = (model: string) => {
    const price = lookupPrice(model);
    return price ? price.inputPerMTok + price.outputPerMTok : Number.POSITIVE_INFINITY;
  };
  return listBuiltInModels()
    .filter((model) => model.startsWith(`${providerName}:`))
    .sort((left, right) => priceOf(left) - priceOf(right));
}

/**
 * The model a provider test calls: the one asked for, else the first of this provider among `preferred`
 * (the project's routing candidates, then ROUTER_DEFAULT_MODELS), else its cheapest built-in model.
 */
export function chooseTestModel(
  providerName: string,
  asked: string | undefined,
  preferred: string[],
): string {
  if (asked !== undefined) {
    const separator = asked.indexOf(':');
    if (separator === -1) return `${providerName}:${asked}`;
    if (asked.slice(0, separator) === providerName && separator < asked.length - 1) return asked;
    throw new SwitchyardError({
      code: 'request.invalid',
      message: `The model ${asked} is not one of provider ${providerName}: name it as ${providerName}:<model> or just <model>`,
      status: 400,
    });
  }
  const found = [...preferred, ...cheapestBuiltInModels(providerName)].find((model) =>
    model.startsWith(`${providerName}:`),
  );
  if (found) return found;
  throw new SwitchyardError({
    code: 'request.invalid',
    message: `Switchyard knows no model of provider ${providerName}: send {"model": "<model>"} to name the one to call`,
    status: 400,
  });
}

/**
 * One call of at most one output token through the provider's adapter, outside the router: an admin's
 * check of a credential, so it is neither charged to a budget nor recorded as usage.
 */
export async function checkProviderCredential(options: {
  credential: ResolvedProviderCredential;
  model: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): Promise<ProviderCheck> {
  const { credential, model } = options;
  const modelId = model.slice(credential.name.length + 1);
  const secrets = credential.apiKey ? [credential.apiKey] : [];
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  try {
    const provider = createProvider(
      {
        name: credential.name,
        kind: credential.kind,
        apiKey: credential.apiKey,
        baseUrl: credential.baseUrl,
      },
      { fetch: options.fetch },
    );
    await provider
      .languageModel(modelId)
      .complete(
        { messages: [{ role: 'user', content: 'ping' }], maxOutputTokens: 1 },
        { signal: AbortSignal.timeout(options.timeoutMs ?? 15_000) },
      );
    return { ok: true, model, latencyMs: elapsed() };
  } catch (error) {
    const code = isSwitchyardError(error) ? error.code : 'llm.unknown_error';
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      model,
      latencyMs: elapsed(),
      error: { code, message: redactSecrets(message, secrets).slice(0, 1000) },
    };
  }
}
