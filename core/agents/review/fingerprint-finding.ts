import { createHash } from 'node:crypto';

/** What a finding's fingerprint is computed from. */
export interface FingerprintInput {
  path: string;
  title: string;
  /** The text of the line the finding is anchored to; empty when it is not in the diff. */
  lineText: string;
}

const markerPattern = /<!-- switchyard:finding:([0-9a-f]{16}) -->/g;

/** The title as the fingerprint sees it: lowercase, digits removed, whitespace collapsed. */
export function normalizeFindingTitle(title: string): string {
  return title.toLowerCase().replace(/\d+/g, '').replace(/\s+/g, ' ').trim();
}

/**
 * A stable 16-hex-digit id of a finding: SHA-256 over the path, the normalized title and the anchored line's
 * text (trimmed, inner whitespace collapsed) — not its number, so the same finding keeps its id when a push
 * moves the line, and is not posted twice.
 */
export function fingerprintFinding(input: FingerprintInput): string {
  const lineText = input.lineText.replace(/\s+/g, ' ').trim();
  return createHash('sha256')
    .update(JSON.stringify([input.path, normalizeFindingTitle(input.title), lineText]))
    .digest('hex')
    .slice(0, 16);
}

/** The hidden marker an inline comment ends with: `<!-- switchyard:finding:<fingerprint> -->`. */
export function renderFindingMarker(fingerprint: string): string {
  if (!/^[0-9a-f]{16}$/.test(fingerprint)) throw new RangeError(`not a finding fingerprint: ${fingerprint}`);
  return `<!-- switchyard:finding:${fingerprint} -->`;
}

/** The fingerprints of the finding markers in a comment body, in order, without repeats. */
export function readFindingMarkers(body: string): string[] {
  return [...new Set(Array.from(body.matchAll(markerPattern), (match) => match[1]!))];
}
