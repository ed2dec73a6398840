import picomatch from 'picomatch';
import { z } from 'zod';
import { routingPolicyNames } from '../../projects/project-settings.js';
import { modelNameSchema } from '../../projects/settings-schemas.js';

/** Events that start the review agent on their own; `command` means a person typed `<prefix> review`. */
export const reviewTriggerNames = [
  'opened',
  'synchronize',
  'reopened',
  'ready_for_review',
  'command',
] as const;
/** Events that start the describe agent. */
export const describeTriggerNames = ['opened', 'command'] as const;
/** The ask agent only ever answers a question someone typed. */
export const askTriggerNames = ['command'] as const;

/** Review tone: `chill` reports what matters, `assertive` also nitpicks. */
export const reviewProfileNames = ['chill', 'assertive'] as const;
/** What happens to draft pull requests: skipped until ready for review, or reviewed like any other. */
export const draftHandlingNames = ['skip', 'review'] as const;

/** The largest budget the file may name, in USD: a typo such as 5000000 is refused rather than trusted. */
const maxUsd = 1_000_000;

function uniqueList<Item extends z.ZodType>(item: Item, maxItems: number) {
  return z
    .array(item)
    .max(maxItems)
    .refine((items) => new Set(items).size === items.length, 'lists the same entry twice');
}

/** A path glob relative to the repository root, e.g. `src/**` or `*.lock`. */
export const pathGlobSchema = z
  .string()
  .min(1)
  .max(500)
  .refine((pattern) => !pattern.startsWith('/') && !pattern.startsWith('./'), {
    message: 'globs are relative to the repository root: drop the leading "/" or "./"',
  })
  .refine((pattern) => !pattern.startsWith('!'), {
    message: 'negated globs are not supported: put the pattern in paths.exclude instead',
  })
  .refine(isValidGlob, { message: 'is not a valid glob' });

function isValidGlob(pattern: string): boolean {
  try {
    picomatch.makeRe(pattern);
    return true;
  } catch {
    return false;
  }
}

/** A name pattern where `*` stands for any characters and everything else is literal, e.g. `*[bot]`. */
const namePatternSchema = z.string().min(1).max(200);

/** A login as GitHub or GitLab spells it, e.g. `octocat`, `jane.doe` or `renovate[bot]`. */
const loginSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}(\[bot\])?$/,
    'must be a GitHub or GitLab login such as octocat (no wildcards: each user is listed by name)',
  );

function agentSchema<Trigger extends string>(
  triggers: readonly [Trigger, ...Trigger[]],
  defaults: { enabled: boolean; triggers: Trigger[] },
) {
  return z
    .strictObject({
      enabled: z.boolean().default(defaults.enabled),
      triggers: uniqueList(z.enum(triggers), triggers.length).default(defaults.triggers),
    })
    .prefault({});
}

const agentsSchema = z
  .strictObject({
    review: agentSchema(reviewTriggerNames, {
      enabled: true,
      triggers: ['opened', 'synchronize', 'reopened', 'ready_for_review', 'command'],
    }),
    describe: agentSchema(describeTriggerNames, { enabled: true, triggers: ['command'] }),
    ask: agentSchema(askTriggerNames, { enabled: true, triggers: ['command'] }),
  })
  .prefault({});

const pathsSchema = z
  .strictObject({
    include: uniqueList(pathGlobSchema, 200).min(1).default(['**']),
    exclude: uniqueList(pathGlobSchema, 200).default([]),
    instructions: z
      .array(
        z.strictObject({
          path: pathGlobSchema,
          instructions: z.string().trim().min(1).max(4_000),
        }),
      )
      .max(100)
      .default([]),
  })
  .prefault({});

const reviewSchema = z
  .strictObject({
    instructions: z.string().trim().max(10_000).default(''),
    profile: z.enum(reviewProfileNames).default('chill'),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as en, de or pt-BR')
      .default('en'),
    inlineComments: z.boolean().default(true),
    maxInlineComments: z.number().int().min(0).max(100).default(20),
  })
  .prefault({});

const modelsSchema = z
  .strictObject({
    /** Unset: the project's routing rule decides. */
    policy: z.enum(routingPolicyNames).optional(),
    /** Unset: the project's candidates. */
    candidates: uniqueList(modelNameSchema, 20).min(1).optional(),
  })
  .prefault({});

const usdSchema = z.number().positive().max(maxUsd);

const limitsSchema = z
  .strictObject({
    perRunUsd: usdSchema.optional(),
    dailyUsd: usdSchema.optional(),
    monthlyUsd: usdSchema.optional(),
  })
  .prefault({});

const ignoreSchema = z
  .strictObject({
    /** Skip pull requests opened by accounts the platform marks as bots (GitHub `type: Bot`, GitLab bot users). */
    bots: z.boolean().default(true),
    authors: uniqueList(namePatternSchema, 200).default([]),
    labels: uniqueList(namePatternSchema, 200).default([]),
    baseBranches: uniqueList(namePatternSchema, 200).default([]),
    sourceBranches: uniqueList(namePatternSchema, 200).default([]),
    titleKeywords: uniqueList(z.string().trim().min(1).max(200), 200).default([]),
  })
  .prefault({});

const commandsSchema = z
  .strictObject({
    prefix: z
      .string()
      .regex(
        /^[/!@]?[A-Za-z][A-Za-z0-9_-]{0,31}$/,
        'must be one word, optionally starting with /, ! or @, e.g. /agent',
      )
      .default('/agent'),
    authorizedUsers: uniqueList(loginSchema, 200).default([]),
  })
  .prefault({});

/** The schema of `.switchyard.yml`: every section optional, unknown keys refused. */
export const repositoryConfigSchema = z.strictObject({
  agents: agentsSchema,
  paths: pathsSchema,
  review: reviewSchema,
  models: modelsSchema,
  limits: limitsSchema,
  drafts: z.enum(draftHandlingNames).default('skip'),
  ignore: ignoreSchema,
  commands: commandsSchema,
});

/** A validated `.switchyard.yml` with every default filled in. */
export type RepositoryConfig = z.output<typeof repositoryConfigSchema>;

/** Names of the agents a repository can configure. */
export type RepositoryAgentName = keyof RepositoryConfig['agents'];

function deepFreeze<Value>(value: Value): Value {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The configuration of a repository without `.switchyard.yml` (or with an invalid one).
 * Frozen: it is shared, so copy before changing it.
 */
export const defaultRepositoryConfig: RepositoryConfig = deepFreeze(repositoryConfigSchema.parse({}));
