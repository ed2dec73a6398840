import type { CallOptions } from '../spec/model-request.js';

// A symbol key survives the SDKs' spreading of per-request `fetchOptions` into the RequestInit they hand to
// fetch, and cannot collide with a real RequestInit field.
const sendAfterKey: unique symbol = Symbol.for('switchyard.sendAfter') as never;

type GatedInit = RequestInit & { [sendAfterKey]?: Promise<unknown> };

/**
 * Wraps the fetch an SDK client uses so that a request carrying a `sendAfter` promise waits for it before
 * anything goes on the wire (and is never sent when it rejects). The SDK builds headers and body meanwhile.
 */
export function gateFetch(base: typeof fetch = globalThis.fetch): typeof fetch {
  return (async (input: Parameters<typeof fetch>[0], init?: GatedInit) => {
    const gate = init?.[sendAfterKey];
    if (gate) await gate;
    return base(input, init);
  }) as typeof fetch;
}

/** Per-request `fetchOptions` carrying the gate; `keepalive` (never set) only satisfies TypeScript's weak-type check. */
type GateOptions = { [sendAfterKey]: Promise<unknown>; keepalive?: undefined };

/** The per-request `fetchOptions` that carry a call's `sendAfter` to the gated fetch. */
export function gatedFetchOptions(options: CallOptions | undefined): GateOptions | undefined {
  return options?.sendAfter ? { [sendAfterKey]: options.sendAfter } : undefined;
}
