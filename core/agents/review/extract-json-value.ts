/** The outcome of parsing a model's output: a value, or why there is none. */
export type OutputParseResult<Value> = { success: true; value: Value } | { success: false; error: string };

const maxCandidates = 20;

/**
 * Finds the JSON value in a model's answer: the whole text, else the first ```json fence that parses, else
 * the first balanced `{…}` that parses (models wrap JSON in prose despite being told not to).
 */
export function extractJsonValue(text: string): OutputParseResult<unknown> {
  const trimmed = text.trim();
  if (!trimmed) return { success: false, error: 'the model answered with nothing' };
  for (const candidate of [trimmed, ...fencedBlocks(trimmed), ...balancedObjects(trimmed)]) {
    try {
      return { success: true, value: JSON.parse(candidate) as unknown };
    } catch {
      // try the next candidate
    }
  }
  return { success: false, error: `the model's answer holds no JSON object: ${preview(trimmed)}` };
}

function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  let from = 0;
  while (blocks.length < maxCandidates) {
    const open = text.indexOf('```', from);
    if (open < 0) break;
    const lineEnd = text.indexOf('\n', open);
    if (lineEnd < 0) break;
    const close = text.indexOf('```', lineEnd);
    if (close < 0) break;
    blocks.push(text.slice(lineEnd + 1, close).trim());
    from = close + 3;
  }
  return blocks;
}

function balancedObjects(text: string): string[] {
  const objects: string[] = [];
  let start = text.indexOf('{');
  for (let attempt = 0; start >= 0 && attempt < maxCandidates; attempt++) {
    const end = findClosingBrace(text, start);
    if (end !== undefined) objects.push(text.slice(start, end + 1));
    start = text.indexOf('{', start + 1);
  }
  return objects;
}

/** Index of the `}` that closes the `{` at `start`, skipping braces inside JSON strings. */
function findClosingBrace(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let index = start; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') {
      inString = true;
    } else if (character === '{') {
      depth++;
    } else if (character === '}') {
      depth--;
      if (depth === 0) return index;
    }
  }
  return undefined;
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 120)}…` : flat;
}

/** `text` cut to `maxLength` characters with an ellipsis, never splitting a surrogate pair. */
export function clampText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = Math.max(0, maxLength - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
