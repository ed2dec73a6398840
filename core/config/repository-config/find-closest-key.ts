/**
 * The known key a person most likely meant by `key`: the same letters in another case or spelling
 * (`max_inline_comments` → `maxInlineComments`), or a small typo (`exlude` → `exclude`).
 */
export function findClosestKey(key: string, knownKeys: readonly string[]): string | undefined {
  const normalized = normalizeKey(key);
  const sameLetters = knownKeys.find((known) => normalizeKey(known) === normalized);
  if (sameLetters) return sameLetters;
  // Longer keys tolerate more typos; very long input is not worth comparing (and could be slow).
  if (normalized.length > 64) return undefined;
  const tolerance = Math.max(1, Math.floor(normalized.length / 4));
  let best: { key: string; distance: number } | undefined;
  for (const known of knownKeys) {
    const distance = editDistance(normalized, normalizeKey(known));
    if (distance <= tolerance && (!best || distance < best.distance)) best = { key: known, distance };
  }
  return best?.key;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[_\s-]/g, '');
}

/** Levenshtein distance, two rows at a time. */
function editDistance(left: string, right: string): number {
  let previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row++) {
    const current = [row];
    for (let column = 1; column <= right.length; column++) {
      const substitution = previous[column - 1]! + (left[row - 1] === right[column - 1] ? 0 : 1);
      current.push(Math.min(previous[column]! + 1, current[column - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[right.length]!;
}
