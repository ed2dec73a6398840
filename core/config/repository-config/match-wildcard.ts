/**
 * True when `text` matches `pattern`, where `*` stands for any characters (also none) and every other
 * character is literal, so `*[bot]` means "ends with [bot]". Runs in O(pattern × text) time whatever
 * the pattern, unlike a regular expression built from it.
 */
export function matchesWildcard(pattern: string, text: string, options: { ignoreCase: boolean }): boolean {
  const wanted = options.ignoreCase ? pattern.toLowerCase() : pattern;
  const value = options.ignoreCase ? text.toLowerCase() : text;
  let patternIndex = 0;
  let valueIndex = 0;
  let lastStar = -1;
  let valueAtLastStar = 0;
  while (valueIndex < value.length) {
    if (patternIndex < wanted.length && wanted[patternIndex] === '*') {
      lastStar = patternIndex++;
      valueAtLastStar = valueIndex;
    } else if (patternIndex < wanted.length && wanted[patternIndex] === value[valueIndex]) {
      patternIndex++;
      valueIndex++;
    } else if (lastStar >= 0) {
      // Let the last star swallow one more character and retry from there.
      patternIndex = lastStar + 1;
      valueIndex = ++valueAtLastStar;
    } else {
      return false;
    }
  }
  while (wanted[patternIndex] === '*') patternIndex++;
  return patternIndex === wanted.length;
}
