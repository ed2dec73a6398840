import { describe, expect, it } from '@jest/globals';
import {
  fingerprintFinding,
  normalizeFindingTitle,
  readFindingMarkers,
  renderFindingMarker,
} from '../../../../core/agents/review/fingerprint-finding.js';

const base = { path: 'src/app.ts', title: 'Null dereference', lineText: '  return value.length;' };

describe('fingerprintFinding', () => {
  it('is 16 hex digits and the same for the same finding', () => {
    expect(fingerprintFinding(base)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprintFinding({ ...base })).toBe(fingerprintFinding(base));
  });

  it('survives a push that reindents the line or renumbers the title', () => {
    const moved = { ...base, title: '  null   DEREFERENCE ', lineText: '\treturn   value.length;  ' };
    expect(fingerprintFinding(moved)).toBe(fingerprintFinding(base));
    expect(fingerprintFinding({ ...base, title: 'Loop runs 3 times' })).toBe(
      fingerprintFinding({ ...base, title: 'Loop runs 4 times' }),
    );
  });

  it('differs for another path, another title or another line', () => {
    const original = fingerprintFinding(base);
    expect(fingerprintFinding({ ...base, path: 'src/other.ts' })).not.toBe(original);
    expect(fingerprintFinding({ ...base, title: 'Off by one' })).not.toBe(original);
    expect(fingerprintFinding({ ...base, lineText: 'return other.length;' })).not.toBe(original);
  });

  it('cannot be made to collide by moving text between fields', () => {
    expect(fingerprintFinding({ path: 'a b', title: 'c', lineText: '' })).not.toBe(
      fingerprintFinding({ path: 'a', title: 'b c', lineText: '' }),
    );
  });
});

describe('normalizeFindingTitle', () => {
  it('lowercases, removes digits and collapses whitespace', () => {
    expect(normalizeFindingTitle('  Retry 3x   on\n429 ')).toBe('retry x on');
  });
});

describe('finding markers', () => {
  it('renders a hidden marker and reads it back, without repeats', () => {
    const fingerprint = fingerprintFinding(base);
    const marker = renderFindingMarker(fingerprint);
    expect(marker).toBe(`<!-- switchyard:finding:${fingerprint} -->`);
    const body = `text\n${marker}\nmore ${marker} <!-- switchyard:finding:0123456789abcdef -->`;
    expect(readFindingMarkers(body)).toEqual([fingerprint, '0123456789abcdef']);
  });

  it('reads no markers of the wrong shape and refuses to render one', () => {
    expect(readFindingMarkers('<!-- switchyard:finding:XYZ --> <!-- switchyard:finding:0123 -->')).toEqual(
      [],
    );
    expect(() => renderFindingMarker('--> <script>')).toThrow(RangeError);
  });
});
