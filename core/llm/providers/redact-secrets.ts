import { isErrorLike } from './is-error-like.js';

const redacted = '[redacted]';
// Key-shaped strings (OpenAI `sk-…`, Anthropic `sk-ant-…`) and bearer tokens, in case an upstream echoes a
// credential we were not told about (a key set through extra headers, a proxy's own key).
const credentialPattern = /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}|\bsk-[A-Za-z0-9_-]{8,}/g;

/** Header names whose values are credentials and must never appear in an error message. */
const secretHeaderPattern = /key|token|secret|auth|password/i;
// Replacing a two-letter "key" everywhere would garble every message and hide nothing: real keys are long.
const minimumSecretLength = 8;

/** The values of a provider's settings that must never appear in an error message: its key and secret headers. */
export function collectSecrets(
  apiKey: string | undefined,
  headers: Record<string, string> | undefined,
): string[] {
  const secrets: string[] = [];
  if (apiKey && apiKey.length >= minimumSecretLength) secrets.push(apiKey);
  if (headers) {
    for (const [name, value] of Object.entries(headers)) {
      if (value && value.length >= minimumSecretLength && secretHeaderPattern.test(name)) secrets.push(value);
    }
  }
  return secrets;
}

/** Replaces every secret and anything credential-shaped in `text`. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (result.includes(secret)) result = result.split(secret).join(redacted);
  }
  return result.replace(credentialPattern, (match) =>
    match.startsWith('Bearer') ? `Bearer ${redacted}` : redacted,
  );
}

/**
 * Redacts an SDK error kept as a ProviderError's `cause`, in place: its message, stack and the parsed error body
 * (loggers print causes in full, so redacting only our own message is not enough).
 */
export function redactErrorInPlace(error: unknown, secrets: readonly string[]): void {
  redactValue(error, secrets, 0);
}

function redactValue(value: unknown, secrets: readonly string[], depth: number): void {
  if (typeof value !== 'object' || value === null || depth > 4 || value instanceof Headers) return;
  const record = value as Record<string, unknown>;
  if (isErrorLike(value)) {
    record.message = redactSecrets(value.message, secrets);
    if (value.stack) record.stack = redactSecrets(value.stack, secrets);
    if (value.cause !== undefined) redactValue(value.cause, secrets, depth + 1);
  }
  for (const key of Object.keys(record)) {
    const field = record[key];
    if (typeof field === 'string') record[key] = redactSecrets(field, secrets);
    else redactValue(field, secrets, depth + 1);
  }
}
