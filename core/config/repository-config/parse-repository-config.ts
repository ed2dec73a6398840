import { type Document, LineCounter, parseDocument, type YAMLError } from 'yaml';
import type { z } from 'zod';
import { type ConfigProblem, formatConfigPath } from './config-problem.js';
import { describeSchemaIssue } from './describe-schema-issue.js';
import { explainUnknownKey } from './explain-unknown-key.js';
import { locateOffset, locateYamlPath } from './locate-yaml-path.js';
import { type RepositoryConfig, repositoryConfigSchema } from './repository-config-schema.js';

/** The largest `.switchyard.yml` read, in bytes: a config file, not a place for documents. */
export const maxRepositoryConfigBytes = 64 * 1024;

/**
 * How many values YAML aliases (`*name`) may expand to. Enough to reuse a list or two; far too few
 * for a "billion laughs" file whose aliases of aliases would expand to gigabytes.
 */
export const maxRepositoryConfigAliasCount = 50;

/** The outcome of reading `.switchyard.yml`: the validated config, or every problem found. */
export type ParseRepositoryConfigResult =
  | { success: true; value: RepositoryConfig; warnings: string[] }
  | { success: false; errors: ConfigProblem[] };

/**
 * Reads and validates the text of `.switchyard.yml`. An empty file gives the defaults; problems point
 * at the offending key's line and column. Never throws.
 */
export function parseRepositoryConfig(text: string): ParseRepositoryConfigResult {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxRepositoryConfigBytes) {
    const kibibytes = (size / 1024).toFixed(1);
    return failure({
      path: '',
      message: `is ${kibibytes} KiB; Switchyard reads files of at most ${maxRepositoryConfigBytes / 1024} KiB: shorten it`,
    });
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => yamlProblem(error, lineCounter, text));
    // One mistake often confuses the parser twice at the same place; the first message is the useful one.
    return failure(...problems.filter((problem, index) => problems[index - 1]?.line !== problem.line));
  }
  let result: z.ZodSafeParseResult<RepositoryConfig>;
  try {
    const data = dropEmptyValues(document.toJS({ maxAliasCount: maxRepositoryConfigAliasCount })) ?? {};
    result = repositoryConfigSchema.safeParse(data, { error: describeSchemaIssue });
  } catch (error) {
    // toJS throws on aliases that expand too far; anything else (a stack overflow on odd input) is
    // reported the same way rather than crashing the run.
    return failure(readProblem(error));
  }
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue) => schemaProblems(issue));
    return failure(
      ...problems.map(({ path, message }) => locate(path, message, document, lineCounter, text)),
    );
  }
  const warnings = [
    ...document.warnings.map((warning) => describeYamlWarning(warning, lineCounter, text)),
    ...findSurprises(result.data, document, lineCounter, text),
  ];
  return { success: true, value: result.data, warnings };
}

function failure(...errors: ConfigProblem[]): ParseRepositoryConfigResult {
  const byPosition = (left: ConfigProblem, right: ConfigProblem) =>
    (left.line ?? 0) - (right.line ?? 0) || (left.column ?? 0) - (right.column ?? 0);
  return { success: false, errors: errors.sort(byPosition) };
}

/** YAML errors whose library wording would confuse someone editing a config file. */
const yamlMessages: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'contains more than one YAML document (a second "---"): keep one',
  DUPLICATE_KEY: 'sets the same key twice in one mapping: keep one',
  RESOURCE_EXHAUSTION: 'is nested too deeply to read: a config file needs a few levels at most',
};

function yamlProblem(error: YAMLError, lineCounter: LineCounter, text: string): ConfigProblem {
  const message = yamlMessages[error.code] ?? `is not valid YAML: ${error.message}`;
  const offset = error.pos[0];
  if (offset < 0) return { path: '', message };
  return { path: '', message, ...locateOffset(lineCounter, text, offset) };
}

function describeYamlWarning(warning: YAMLError, lineCounter: LineCounter, text: string): string {
  const offset = warning.pos[0];
  if (offset < 0) return warning.message;
  return `line ${locateOffset(lineCounter, text, offset).line}: ${warning.message}`;
}

function readProblem(error: unknown): ConfigProblem {
  const reason = error instanceof Error ? error.message : String(error);
  if (/alias count/i.test(reason)) {
    return {
      path: '',
      message:
        `uses YAML aliases (*name) that expand to more than ${maxRepositoryConfigAliasCount} values, ` +
        'which Switchyard refuses as a resource exhaustion attack: write the values out instead of aliasing aliases',
    };
  }
  return { path: '', message: `could not be read: ${reason}` };
}

/** A key written with nothing after it (`review:` with every line below commented out) means "the default". */
function dropEmptyValues(value: unknown): unknown {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map((item) => (item === null ? item : dropEmptyValues(item)));
  if (typeof value !== 'object') return value;
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (child !== null) Object.defineProperty(kept, key, { value: dropEmptyValues(child), enumerable: true });
  }
  return kept;
}

/** One problem per issue, and one per unknown key (zod reports all unknown keys of an object at once). */
function schemaProblems(issue: z.core.$ZodIssue): { path: PropertyKey[]; message: string }[] {
  if (issue.code !== 'unrecognized_keys') return [{ path: issue.path, message: issue.message }];
  return issue.keys.map((key) => ({
    path: [...issue.path, key],
    message: explainUnknownKey(repositoryConfigSchema, issue.path, key),
  }));
}

function locate(
  path: readonly PropertyKey[],
  message: string,
  document: Document,
  lineCounter: LineCounter,
  text: string,
): ConfigProblem {
  return { path: formatConfigPath(path), message, ...locateYamlPath(document, lineCounter, text, path) };
}

/** Valid settings that probably do not do what the author expects. */
function findSurprises(
  config: RepositoryConfig,
  document: Document,
  lineCounter: LineCounter,
  text: string,
): string[] {
  const warnings: string[] = [];
  const where = (path: PropertyKey[]) => {
    const line = locateYamlPath(document, lineCounter, text, path)?.line;
    return line === undefined ? formatConfigPath(path) : `${formatConfigPath(path)} (line ${line})`;
  };
  const written = document.hasIn(['review', 'maxInlineComments']);
  if (written && !config.review.inlineComments) {
    warnings.push(
      `${where(['review', 'maxInlineComments'])} has no effect while review.inlineComments is false`,
    );
  }
  for (const [name, agent] of Object.entries(config.agents)) {
    if (agent.enabled && agent.triggers.length === 0) {
      warnings.push(`${where(['agents', name, 'triggers'])} is empty: the ${name} agent never runs`);
    }
  }
  return warnings;
}
