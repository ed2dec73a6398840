/** One thing wrong with `.switchyard.yml`, pointing at the offending key when the file has one. */
export interface ConfigProblem {
  /** Dotted key path such as `review.profile` or `paths.instructions[1].path`; empty for the whole file. */
  path: string;
  /**
   * What is wrong, phrased to follow the path (or the file's name when the path is empty), e.g.
   * `must be one of "chill", "assertive" (found "strict")`; where it helps, what to write instead.
   */
  message: string;
  /** 1-based line of the offending key. */
  line?: number;
  /** 1-based column of the offending key. */
  column?: number;
  /** The offending source line, as written. */
  snippet?: string;
}

/** Formats a key path the way a person writes it in YAML terms: `paths.instructions[1].path`. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  let formatted = '';
  for (const segment of path) {
    if (typeof segment === 'number') formatted += `[${segment}]`;
    else formatted += formatted === '' ? String(segment) : `.${String(segment)}`;
  }
  return formatted;
}
