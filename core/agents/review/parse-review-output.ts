import { z } from 'zod';
import { clampText, extractJsonValue, type OutputParseResult } from './extract-json-value.js';

/** How bad a finding is, worst first. */
export const findingSeverityNames = ['critical', 'major', 'minor', 'nit'] as const;
export type FindingSeverity = (typeof findingSeverityNames)[number];

/** One problem the model reported, validated and clamped. */
export interface ReviewFinding {
  path: string;
  /** Line the finding is about; with `endLine`, the first line of the range. */
  line: number;
  endLine?: number;
  side: 'LEFT' | 'RIGHT';
  severity: FindingSeverity;
  title: string;
  body: string;
  suggestion?: string;
}

/** The review of one chunk as the model gave it. */
export interface ParsedReview {
  summary: string;
  findings: ReviewFinding[];
  /** Findings left out because they were invalid or over the limit. */
  droppedFindings: number;
}

/** Limits on what one chunk's review may carry into a comment. */
export const reviewOutputLimits = {
  summary: 4_000,
  title: 200,
  body: 4_000,
  suggestion: 4_000,
  findings: 50,
} as const;

// Models drift towards the vocabulary of issue trackers; map the common words onto ours.
const severityAliases: Record<string, FindingSeverity> = {
  blocker: 'critical',
  high: 'major',
  medium: 'minor',
  low: 'minor',
  info: 'nit',
  trivial: 'nit',
  style: 'nit',
};

const severitySchema = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  return severityAliases[word] ?? word;
}, z.enum(findingSeverityNames));

const lineSchema = z.coerce.number().int().min(1).max(10_000_000);

const findingSchema = z.object({
  path: z
    .string()
    .trim()
    .transform((path) => path.replace(/^(\.\/|\/)+/, ''))
    .pipe(z.string().min(1).max(1_000)),
  line: lineSchema,
  endLine: lineSchema.optional().catch(undefined),
  side: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
    z.enum(['LEFT', 'RIGHT']).default('RIGHT').catch('RIGHT'),
  ),
  severity: severitySchema,
  title: z
    .string()
    .transform((title) => title.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1))
    .transform((title) => clampText(title, reviewOutputLimits.title)),
  body: z
    .string()
    .trim()
    .catch('')
    .transform((body) => clampText(body, reviewOutputLimits.body)),
  suggestion: z.string().optional().catch(undefined),
});

const reviewSchema = z.object({
  summary: z.string().trim().optional().catch(undefined),
  findings: z.array(z.unknown()).optional().catch(undefined),
});

/**
 * Parses the review agent's JSON answer. Fences and prose around the object are tolerated, texts are
 * clamped, and an invalid finding is dropped (and counted) instead of failing the whole review.
 */
export function parseReviewOutput(text: string): OutputParseResult<ParsedReview> {
  const extracted = extractJsonValue(text);
  if (!extracted.success) return extracted;
  const parsed = reviewSchema.safeParse(extracted.value);
  if (!parsed.success || (parsed.data.summary === undefined && parsed.data.findings === undefined)) {
    return { success: false, error: 'the model answered JSON without "summary" or "findings"' };
  }
  const rawFindings = parsed.data.findings ?? [];
  const findings: ReviewFinding[] = [];
  for (const raw of rawFindings) {
    if (findings.length === reviewOutputLimits.findings) break;
    const finding = findingSchema.safeParse(raw);
    if (finding.success) findings.push(toFinding(finding.data));
  }
  return {
    success: true,
    value: {
      summary: clampText(parsed.data.summary ?? '', reviewOutputLimits.summary),
      findings,
      droppedFindings: rawFindings.length - findings.length,
    },
  };
}

function toFinding(data: z.output<typeof findingSchema>): ReviewFinding {
  const finding: ReviewFinding = {
    path: data.path,
    line: data.line,
    side: data.side,
    severity: data.severity,
    title: data.title,
    body: data.body,
  };
  if (data.endLine !== undefined && data.endLine !== data.line) {
    finding.line = Math.min(data.line, data.endLine);
    finding.endLine = Math.max(data.line, data.endLine);
  }
  // A suggestion is applied as is: one too long to post whole is left out rather than cut.
  const suggestion =
    data.suggestion === undefined || data.suggestion.length > reviewOutputLimits.suggestion + 100
      ? undefined
      : stripFence(data.suggestion);
  if (suggestion !== undefined && suggestion.length <= reviewOutputLimits.suggestion) {
    finding.suggestion = suggestion;
  }
  return finding;
}

/** Models often fence the suggestion themselves; the renderer adds its own fence. */
function stripFence(suggestion: string): string | undefined {
  const fenced = /^\s*(`{3,}|~{3,})[^\n]*\n([\s\S]*?)\n?\1\s*$/.exec(suggestion);
  const code = fenced ? fenced[2]! : suggestion.replace(/^\n+|\s+$/g, '');
  return code.trim() === '' ? undefined : code;
}
