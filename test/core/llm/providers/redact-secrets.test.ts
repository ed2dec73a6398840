import { describe, expect, it } from '@jest/globals';
import {
  collectSecrets,
  redactErrorInPlace,
  redactSecrets,
} from '../../../../core/llm/providers/redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces the configured key and secret header values, and leaves other text alone', () => {
    const secrets = collectSecrets('my-provider-key-42', {
      'api-key': 'azure-key-value-9',
      'api-version': '2024-10-21',
    });
    expect(secrets).toEqual(['my-provider-key-42', 'azure-key-value-9']);
    expect(redactSecrets('key my-provider-key-42 and azure-key-value-9 for 2024-10-21', secrets)).toBe(
      'key [redacted] and [redacted] for 2024-10-21',
    );
  });

  it('replaces key-shaped strings and bearer tokens it was not told about', () => {
    expect(redactSecrets('got sk-ant-abcdef123456 via Bearer abcdefgh12345678', [])).toBe(
      'got [redacted] via Bearer [redacted]',
    );
  });

  it('redacts an error kept as a cause: its message, stack and parsed body', () => {
    const error = Object.assign(new Error('401 bad key sk-secret-0000000000'), {
      error: { message: 'bad key sk-secret-0000000000' },
    });
    redactErrorInPlace(error, ['sk-secret-0000000000']);
    expect(error.message).toBe('401 bad key [redacted]');
    expect(error.stack).not.toContain('sk-secret-0000000000');
    expect(error.error.message).toBe('bad key [redacted]');
  });
});
