import { describe, expect, it } from '@jest/globals';
import { quoteCommandLine } from '../../integrations/quote-command-line.js';

describe('quoteCommandLine', () => {
  it('quotes the first line only, with mentions defused', () => {
    expect(quoteCommandLine('  /agent ask @carol and @dev-team why\nDetails.')).toBe(
      '> /agent ask @\u200bcarol and @\u200bdev-team why',
    );
  });

  it('cuts a long line at 200 characters', () => {
    expect(quoteCommandLine(`/agent ask ${'x'.repeat(300)}`)).toBe(
      `> /agent ask ${'x'.repeat(200 - '/agent ask '.length)}…`,
    );
  });

  it('quotes nothing for a comment without text', () => {
    expect(quoteCommandLine('  \n ')).toBeUndefined();
    expect(quoteCommandLine(null)).toBeUndefined();
    expect(quoteCommandLine(undefined)).toBeUndefined();
  });
});
