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

/** Exact decimal text of a nano-dollar amount (`1500000000` → `1.500000000`), for Postgres `DECIMAL` columns. */
export function nanoToDecimalString(nano: NanoUsd): string {
  if (!Number.isSafeInteger(nano)) throw new RangeError(`not a whole nano-USD amount: ${nano}`);
  const sign = nano < 0 ? '-' : '';
  const digits = Math.abs(nano).toString().padStart(10, '0');
  return `${sign}${digits.slice(0, -9)}.${digits.slice(-9)}`;
}

/** Parses decimal USD text (as Postgres returns it) to nano-dollars exactly; digits past the ninth are cut. */
export function decimalStringToNano(text: string): NanoUsd {
  const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!match || (match[2] === '' && !match[3])) throw new RangeError(`not a decimal USD amount: ${text}`);
  // BigInt keeps every digit until the end: a month of organization spend can pass 2^53 nano-USD only far
  // beyond any real budget, and then the check below says so instead of silently losing precision.
  const whole = BigInt(match[2] || '0');
  const fraction = BigInt((match[3] ?? '').slice(0, 9).padEnd(9, '0'));
  const nano = Number((whole * 1_000_000_000n + fraction) * (match[1] === '-' ? -1n : 1n));
  if (!Number.isSafeInteger(nano)) throw new RangeError(`USD amount too large for nano-USD: ${text}`);
  return nano;
}
