/** One line of a hunk, numbered on the side(s) it exists on. */
export interface DiffLine {
  kind: ' ' | '+' | '-';
  text: string;
  oldNumber?: number;
  newNumber?: number;
  /** The file's last line had no newline on this line's side: git prints `\ No newline at end of file`. */
  noNewline?: boolean;
}

export interface DiffHunk {
  header: string;
  lines: DiffLine[];
}

/** A file's change between two snapshots, as GitHub's files and compare endpoints describe it. */
export interface FileDiff {
  filename: string;
  status: 'added' | 'modified' | 'removed';
  before?: string;
  after?: string;
  additions: number;
  deletions: number;
  hunks: DiffHunk[];
  /** The hunks as GitHub's `patch` field: no file header, no trailing newline. */
  patch: string;
}

const contextLines = 3;

/** Compares two snapshots (path → content) and returns the changed files sorted by name, as git does. */
export function diffSnapshots(before: Map<string, string>, after: Map<string, string>): FileDiff[] {
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const diffs: FileDiff[] = [];
  for (const filename of names) {
    const old = before.get(filename);
    const current = after.get(filename);
    if (old === current) continue;
    const status = old === undefined ? 'added' : current === undefined ? 'removed' : 'modified';
    const hunks = diffText(old ?? '', current ?? '');
    let additions = 0;
    let deletions = 0;
    for (const line of hunks.flatMap((hunk) => hunk.lines)) {
      if (line.kind === '+') additions += 1;
      if (line.kind === '-') deletions += 1;
    }
    diffs.push({
      filename,
      status,
      before: old,
      after: current,
      additions,
      deletions,
      hunks,
      patch: patchOf(hunks),
    });
  }
  return diffs;
}

/** The hunks (three lines of context) that turn `before` into `after`. */
export function diffText(before: string, after: string): DiffHunk[] {
  const operations = lineOperations(splitLines(before), splitLines(after));
  const changed = operations.flatMap((operation, index) => (operation.kind === ' ' ? [] : [index]));
  const hunks: DiffHunk[] = [];
  let index = 0;
  while (index < changed.length) {
    let last = index;
    while (last + 1 < changed.length && changed[last + 1]! - changed[last]! - 1 <= contextLines * 2)
      last += 1;
    const start = Math.max(0, changed[index]! - contextLines);
    const end = Math.min(operations.length, changed[last]! + contextLines + 1);
    hunks.push(toHunk(operations, start, end));
    index = last + 1;
  }
  return hunks;
}

/** `a/x b/x` headers, index lines and hunks for every file: what `Accept: application/vnd.github.diff` returns. */
export function unifiedDiff(diffs: FileDiff[], blobSha: (content: string) => string): string {
  let text = '';
  for (const diff of diffs) {
    const oldSha = diff.before === undefined ? '0000000' : blobSha(diff.before).slice(0, 7);
    const newSha = diff.after === undefined ? '0000000' : blobSha(diff.after).slice(0, 7);
    text += `diff --git a/${diff.filename} b/${diff.filename}\n`;
    if (diff.status === 'added') text += `new file mode 100644\nindex ${oldSha}..${newSha}\n`;
    else if (diff.status === 'removed') text += `deleted file mode 100644\nindex ${oldSha}..${newSha}\n`;
    else text += `index ${oldSha}..${newSha} 100644\n`;
    if (diff.hunks.length === 0) continue;
    text += `--- ${diff.before === undefined ? '/dev/null' : `a/${diff.filename}`}\n`;
    text += `+++ ${diff.after === undefined ? '/dev/null' : `b/${diff.filename}`}\n`;
    text += `${diff.patch}\n`;
  }
  return text;
}

/** Where a review comment can go: per side, each commentable line number → index of its hunk. */
export interface CommentableLines {
  RIGHT: Map<number, number>;
  LEFT: Map<number, number>;
  /** `position` (legacy API) → the diff line it points at; position 1 is the line below the first header. */
  positions: Map<
    number,
    { side: 'LEFT' | 'RIGHT'; line: number; hunk: number; oldNumber?: number; newNumber?: number }
  >;
}

export function commentableLines(diff: FileDiff): CommentableLines {
  const result: CommentableLines = { RIGHT: new Map(), LEFT: new Map(), positions: new Map() };
  let position = 0;
  diff.hunks.forEach((hunk, hunkIndex) => {
    if (hunkIndex > 0) position += 1;
    for (const line of hunk.lines) {
      position += 1;
      if (line.newNumber !== undefined) result.RIGHT.set(line.newNumber, hunkIndex);
      if (line.oldNumber !== undefined) result.LEFT.set(line.oldNumber, hunkIndex);
      const side = line.kind === '-' ? 'LEFT' : 'RIGHT';
      const number = side === 'LEFT' ? line.oldNumber! : line.newNumber!;
      result.positions.set(position, {
        side,
        line: number,
        hunk: hunkIndex,
        oldNumber: line.oldNumber,
        newNumber: line.newNumber,
      });
    }
  });
  return result;
}

/** The hunk text up to and including a commented line: GitHub's `diff_hunk` on review comments. */
export function diffHunkUpTo(hunk: DiffHunk, side: 'LEFT' | 'RIGHT', line: number): string {
  const end = hunk.lines.findIndex((candidate) =>
    side === 'LEFT' ? candidate.oldNumber === line && candidate.kind !== '+' : candidate.newNumber === line,
  );
  return patchOf([{ header: hunk.header, lines: hunk.lines.slice(0, end + 1) }]);
}

interface SplitLine {
  text: string;
  /** Equality key: a last line without a newline differs from the same text with one. */
  key: string;
  noNewline: boolean;
}

function splitLines(content: string): SplitLine[] {
  if (content === '') return [];
  const parts = content.split('\n');
  const endsWithNewline = parts[parts.length - 1] === '';
  if (endsWithNewline) parts.pop();
  return parts.map((text, index) => {
    const noNewline = !endsWithNewline && index === parts.length - 1;
    return { text, key: noNewline ? `${text}\u0000` : text, noNewline };
  });
}

/** A shortest edit script by longest common subsequence; quadratic, which is fine for test-sized files. */
function lineOperations(old: SplitLine[], current: SplitLine[]): DiffLine[] {
  let prefix = 0;
  while (prefix < old.length && prefix < current.length && old[prefix]!.key === current[prefix]!.key)
    prefix += 1;
  let suffix = 0;
  while (
    suffix < old.length - prefix &&
    suffix < current.length - prefix &&
    old[old.length - 1 - suffix]!.key === current[current.length - 1 - suffix]!.key
  )
    suffix += 1;
  const a = old.slice(prefix, old.length - suffix);
  const b = current.slice(prefix, current.length - suffix);
  const width = b.length + 1;
  const lengths = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i * width + j] =
        a[i]!.key === b[j]!.key
          ? lengths[(i + 1) * width + j + 1]! + 1
          : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const operations: DiffLine[] = [];
  let oldNumber = 0;
  let newNumber = 0;
  const keep = (line: SplitLine) => {
    oldNumber += 1;
    newNumber += 1;
    operations.push({
      kind: ' ',
      text: line.text,
      oldNumber,
      newNumber,
      noNewline: line.noNewline || undefined,
    });
  };
  const remove = (line: SplitLine) => {
    oldNumber += 1;
    operations.push({ kind: '-', text: line.text, oldNumber, noNewline: line.noNewline || undefined });
  };
  const add = (line: SplitLine) => {
    newNumber += 1;
    operations.push({ kind: '+', text: line.text, newNumber, noNewline: line.noNewline || undefined });
  };
  old.slice(0, prefix).forEach(keep);
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i]!.key === b[j]!.key) {
      keep(a[i++]!);
      j += 1;
    } else if (
      j >= b.length ||
      (i < a.length && lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!)
    ) {
      remove(a[i++]!);
    } else {
      add(b[j++]!);
    }
  }
  old.slice(old.length - suffix).forEach(keep);
  return operations;
}

function toHunk(operations: DiffLine[], start: number, end: number): DiffHunk {
  const lines = operations.slice(start, end);
  const before = operations.slice(0, start);
  const range = (side: 'old' | 'new') => {
    const has = (line: DiffLine) => (side === 'old' ? line.kind !== '+' : line.kind !== '-');
    const earlier = before.filter(has).length;
    const count = lines.filter(has).length;
    const first = count > 0 ? earlier + 1 : earlier;
    return count === 1 ? `${first}` : `${first},${count}`;
  };
  return { header: `@@ -${range('old')} +${range('new')} @@`, lines };
}

function patchOf(hunks: DiffHunk[]): string {
  const out: string[] = [];
  for (const hunk of hunks) {
    out.push(hunk.header);
    for (const line of hunk.lines) {
      out.push(`${line.kind}${line.text}`);
      if (line.noNewline) out.push('\\ No newline at end of file');
    }
  }
  return out.join('\n');
}
