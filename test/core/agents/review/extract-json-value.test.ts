import { describe, expect, it } from '@jest/globals';
import { clampText, extractJsonValue } from '../../../../core/agents/review/extract-json-value.js';

describe('extractJsonValue', () => {
  it('parses a bare JSON answer', () => {
    expect(extractJsonValue(' {"a": 1} ')).toEqual({ success: true, value: { a: 1 } });
  });

  it('finds JSON inside a ```json fence with prose around it', () => {
    const text = 'Here is my review:\n```json\n{"summary": "ok", "findings": []}\n```\nHope this helps!';
    expect(extractJsonValue(text)).toEqual({ success: true, value: { summary: 'ok', findings: [] } });
  });

  it('finds a balanced object in prose, ignoring braces inside strings', () => {
    const text = 'Sure! {"summary": "uses } and { in text", "findings": []} That is all.';
    expect(extractJsonValue(text)).toEqual({
      success: true,
      value: { summary: 'uses } and { in text', findings: [] },
    });
  });

  it('skips an unbalanced brace in the prose before the object', () => {
    expect(extractJsonValue('a { b {"x": true}')).toEqual({ success: true, value: { x: true } });
  });

  it('fails with a preview of the answer when there is no JSON', () => {
    const result = extractJsonValue('I could not review this.');
    expect(result).toEqual({ success: false, error: expect.stringContaining('I could not review this.') });
    expect(extractJsonValue('   ')).toEqual({ success: false, error: 'the model answered with nothing' });
  });
});

describe('clampText', () => {
  it('leaves short text alone and cuts long text with an ellipsis within the limit', () => {
    expect(clampText('short', 10)).toBe('short');
    expect(clampText('abcdefghijkl', 5)).toBe('abcd…');
  });

  it('never splits a surrogate pair', () => {
    const clamped = clampText('ab😀cd', 4);
    expect(clamped).toBe('ab…');
    expect(clamped.length).toBeLessThanOrEqual(4);
  });
});
