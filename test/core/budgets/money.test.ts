import { describe, expect, it } from '@jest/globals';
import { decimalStringToNano, nanoToDecimalString } from '../../../core/budgets/money.js';

describe('nano-USD decimal text', () => {
  it('writes nano-dollars as exact decimal text with nine places', () => {
    expect(nanoToDecimalString(0)).toBe('0.000000000');
    expect(nanoToDecimalString(1)).toBe('0.000000001');
    expect(nanoToDecimalString(1_500_000_000)).toBe('1.500000000');
    expect(nanoToDecimalString(-25)).toBe('-0.000000025');
  });

  it('reads decimal text back to the same nano-dollars, cutting digits past the ninth', () => {
    expect(decimalStringToNano('1.500000000')).toBe(1_500_000_000);
    expect(decimalStringToNano('0.1')).toBe(100_000_000);
    expect(decimalStringToNano('42')).toBe(42_000_000_000);
    expect(decimalStringToNano('-0.000000025')).toBe(-25);
    expect(decimalStringToNano('0.0000000019')).toBe(1);
    expect(decimalStringToNano('9007199.254740991')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses text that is not a decimal amount or does not fit a safe integer', () => {
    expect(() => decimalStringToNano('1e3')).toThrow(RangeError);
    expect(() => decimalStringToNano('')).toThrow(RangeError);
    expect(() => decimalStringToNano('9007199.254740992')).toThrow(RangeError);
  });
});
