import type { PriceEntry } from '../../projects/project-settings.js';
import builtInPriceTable from './price-table.json' with { type: 'json' };

const builtInPrices: Readonly<Record<string, PriceEntry>> = builtInPriceTable.models;

/** The date the built-in price table was last checked against the providers' price pages. */
export const priceTableUpdatedAt: string = builtInPriceTable.updatedAt;

/** Every model in the built-in price table, as `provider:model`. */
export function listBuiltInModels(): string[] {
  return Object.keys(builtInPrices);
}

/** The price of `provider:model`: the project's override first, then the built-in table. */
export function lookupPrice(
  modelId: string,
  overrides: Readonly<Record<string, PriceEntry>> = {},
): PriceEntry | undefined {
  const override = overrides[modelId];
  const builtIn = builtInPrices[modelId];
  if (override && builtIn) {
    return {
      ...override,
      contextWindow: override.contextWindow ?? builtIn.contextWindow,
      maxOutputTokens: override.maxOutputTokens ?? builtIn.maxOutputTokens,
    };
  }
  return override ?? builtIn;
}
