import { type Document, isAlias, isMap, isScalar, isSeq, type LineCounter } from 'yaml';

/** Where something is in a YAML source: 1-based line and column, and that line as written. */
export interface YamlLocation {
  line: number;
  column: number;
  snippet: string;
}

/** The longest snippet quoted back, so a minified one-line file does not flood a comment. */
const maxSnippetLength = 200;

/**
 * Finds the node a key path such as `['paths', 'instructions', 1, 'path']` names, pointing at the key
 * of a mapping entry (or at the item of a list). A path that leaves the document (a key that is
 * missing) points at the deepest part that exists. Aliases are followed.
 */
export function locateYamlPath(
  document: Document,
  lineCounter: LineCounter,
  source: string,
  path: readonly PropertyKey[],
): YamlLocation | undefined {
  let node: unknown = document.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(document);
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => isScalar(item.key) && String(item.key.value) === String(segment),
      );
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : locateOffset(lineCounter, source, offset);
}

/** The line, column and source line of a character offset. */
export function locateOffset(lineCounter: LineCounter, source: string, offset: number): YamlLocation {
  const { line, col } = lineCounter.linePos(Math.min(offset, source.length));
  const start = lineCounter.lineStarts[line - 1] ?? 0;
  const end = lineCounter.lineStarts[line] ?? source.length;
  const text = source.slice(start, end).replace(/[\r\n]+$/, '');
  const snippet = text.length > maxSnippetLength ? `${text.slice(0, maxSnippetLength)}…` : text;
  return { line, column: col, snippet };
}

function rangeStart(node: unknown): number | undefined {
  if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
    const start = node.range[0];
    return typeof start === 'number' ? start : undefined;
  }
  return undefined;
}
