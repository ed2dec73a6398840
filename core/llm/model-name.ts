import { SwitchyardError } from '../errors/switchyard-error.js';

/** A model named `provider:model`, e.g. `openai:gpt-4.1-mini` or `groq:llama-3.3-70b-versatile`. */
export interface ModelName {
  provider: string;
  model: string;
  /** The canonical `provider:model` string. */
  id: string;
}

const providerPattern = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** Parses `provider:model`; returns undefined for a bare model name. */
export function parseModelName(value: string): ModelName | undefined {
  const separator = value.indexOf(':');
  if (separator <= 0 || separator === value.length - 1) return undefined;
  const provider = value.slice(0, separator);
  const model = value.slice(separator + 1);
  if (!providerPattern.test(provider)) return undefined;
  return { provider, model, id: value };
}

/** Parses `provider:model` or throws a 400 naming the expected shape. */
export function parseModelNameOrThrow(value: string): ModelName {
  const parsed = parseModelName(value);
  if (!parsed) {
    throw new SwitchyardError({
      code: 'request.invalid_model',
      status: 400,
      message: `"${value}" is not a model name: use provider:model, e.g. openai:gpt-4.1-mini`,
    });
  }
  return parsed;
}
