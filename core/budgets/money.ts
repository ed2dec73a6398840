/**
 * Money inside Switchyard is an integer count of nano-dollars (1e-9 USD): Redis counters (INCRBY) and Lua
 * stay exact, and one token of the cheapest model (0.05 USD/MTok = 50 nano-USD) is still a whole number.
 */
export type NanoUsd = number;

const nanoPerUsd = 1_000_000_000;

export function usdToNano(usd: number): NanoUsd {
  return Math.round(usd * nanoPerUsd);
}

export function nanoToUsd(nano: NanoUsd): number {
  return nano / nanoPerUsd;
}

/** Cost of `tokens` at `pricePerMTok` USD per million tokens, rounded up to a whole nano-dollar. */
export function tokensCostNano(tokens: number, pricePerMTok: number): NanoUsd {
  // USD per million tokens = 1000 nano-USD per token.
  return Math.ceil(tokens * pricePerMTok * 1000);
}
