import { describe, expect, it } from '@jest/globals';
import { parseCookieHeader } from '../../../apps/web/parse-cookie-header.js';

describe('parseCookieHeader', () => {
  it('reads name=value pairs separated by semicolons', () => {
    expect(Object.fromEntries(parseCookieHeader('a=1; switchyard_session=abc_-DEF; theme=dark'))).toEqual({
      a: '1',
      switchyard_session: 'abc_-DEF',
      theme: 'dark',
    });
  });

  it('answers an empty map without a header', () => {
    expect(parseCookieHeader(undefined).size).toBe(0);
    expect(parseCookieHeader('').size).toBe(0);
  });

  it('keeps the first of two cookies with the same name', () => {
    expect(parseCookieHeader('s=first; s=second').get('s')).toBe('first');
  });

  it('skips malformed pairs, unquotes values and decodes percent-encoding', () => {
    const cookies = parseCookieHeader('novalue; =nameless; q="quoted"; p=a%20b; bad=%E0%A4%A; eq=a=b');
    expect(Object.fromEntries(cookies)).toEqual({ q: 'quoted', p: 'a b', bad: '%E0%A4%A', eq: 'a=b' });
  });
});
