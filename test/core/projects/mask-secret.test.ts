import { describe, expect, it } from '@jest/globals';
import { maskSecret } from '../../../core/projects/mask-secret.js';

describe('maskSecret', () => {
  it('keeps a recognisable prefix and the last four characters of a long key', () => {
    expect(maskSecret('sk-proj-abcdefghijklmnopwxyz')).toBe('sk-…wxyz');
    expect(maskSecret('gsk_abcdefghijklmnopqrs1234')).toBe('gsk_…1234');
    expect(maskSecret('abcdefghijklmnopqrstuvwxyz')).toBe('…wxyz');
  });

  it('shows no characters of a short key', () => {
    expect(maskSecret('sk-short')).toBe('sk-…');
    expect(maskSecret('12345678')).toBe('…');
  });
});
