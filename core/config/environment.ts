import { z } from 'zod';
import { isHttpsOrLoopbackUrl } from './is-https-or-loopback-url.js';
import { rateLimitTableSchema } from './rate-limit-schema.js';

const booleanFromString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/**
 * Every environment variable Switchyard reads, with its default. `.env.example` documents each one;
 * keep the two in step (test/core/config/environment.test.ts checks that).
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  SWITCHYARD_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .default('postgresql://postgres@127.0.0.1:5432/switchyard'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .default('redis://127.0.0.1:6379'),
  REDIS_KEY_PREFIX: z.string().default('sy:'),
  ADMIN_TOKEN: optionalString.pipe(
    z.string().min(16, 'must be at least 16 characters (try: openssl rand -hex 24)').optional(),
  ),
  SESSION_TTL_HOURS: z.coerce.number().min(0.1).max(720).default(12),
  SESSION_MAX_AGE_HOURS: z.coerce.number().min(0.1).max(8760).default(168),
  SETTINGS_ENCRYPTION_KEY: optionalString,
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url('must be a URL such as https://api.openai.com/v1').optional()),
  ANTHROPIC_API_KEY: optionalString,
  ANTHROPIC_BASE_URL: optionalString.pipe(
    z.url('must be a URL such as https://api.anthropic.com').optional(),
  ),
  ROUTER_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).default(60_000),
  ROUTER_DEADLINE_MS: z.coerce.number().int().min(100).default(180_000),
  ROUTER_DEFAULT_MODELS: z
    .string()
    .default('openai:gpt-4.1-mini,anthropic:claude-haiku-4-5')
    .transform((value) =>
      value
        .split(',')
        .map((model) => model.trim())
        .filter((model) => model.length > 0),
    ),
  ROUTER_DEFAULT_MAX_OUTPUT_TOKENS: z.coerce.number().int().min(1).default(4096),
  ROUTER_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).default(10_000),
  ROUTER_RATE_LIMITS: z
    .string()
    .default('{}')
    .transform((value, context) => {
      try {
        return JSON.parse(value) as unknown;
      } catch {
        context.addIssue({
          code: 'custom',
          message: 'must be JSON, e.g. {"openai:gpt-4.1":{"rpm":500,"tpm":200000}}',
        });
        return z.NEVER;
      }
    })
    .pipe(rateLimitTableSchema),
  BREAKER_FAILURE_THRESHOLD: z.coerce.number().int().min(1).default(5),
  BREAKER_COOLDOWN_MS: z.coerce.number().int().min(100).default(30_000),
  BUDGET_LEASE_MS: z.coerce.number().int().min(1000).default(300_000),
  USAGE_FLUSH_INTERVAL_MS: z.coerce.number().int().min(10).default(250),
  JOB_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(2000),
  JOB_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  JOB_PROJECT_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(2),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(3),
  JOB_BACKOFF_MS: z.coerce.number().int().min(0).default(5000),
  JOB_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(20_000),
  TRUST_PROXY: booleanFromString.default(false),
  PUBLIC_URL: optionalString.pipe(z.url('must be the URL people and GitHub reach Switchyard at').optional()),
  APP_ID: optionalString.pipe(
    z
      .string()
      .regex(/^\d{1,12}$/, 'must be the GitHub App ID, a number')
      .transform(Number)
      .optional(),
  ),
  PRIVATE_KEY: optionalString,
  PRIVATE_KEY_PATH: optionalString,
  WEBHOOK_SECRET: optionalString,
  GHE_HOST: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9.-]+(:\d+)?$/, 'must be a host name such as github.example.com (no scheme, no path)')
      .optional(),
  ),
  GHE_PROTOCOL: z.enum(['https', 'http']).default('https'),
  GITHUB_WRITE_INTERVAL_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  GITHUB_REQUEST_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  GITLAB_URL: z.url('must be the GitLab base URL, e.g. https://gitlab.com').default('https://gitlab.com'),
  GITLAB_TOKEN: optionalString,
  GITLAB_WEBHOOK_SECRET: optionalString,
  GITLAB_SIGNING_TOKEN: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString.pipe(z.url('must be a URL such as https://slack.com/api/').optional()),
  SLACK_COMMAND: z
    .string()
    .regex(/^\/[a-z0-9_-]{1,31}$/, 'must be a slash command such as /switchyard')
    .default('/switchyard'),
  SLACK_USER_MAPPING: z.enum(['link', 'email']).default('link'),
  OIDC_ISSUER: optionalString.pipe(
    z
      .url('must be the issuer URL of your identity provider, e.g. https://acme.okta.com')
      .refine(
        isHttpsOrLoopbackUrl,
        'must be an https:// URL (http:// only for localhost or 127.0.0.1), e.g. https://acme.okta.com',
      )
      .refine((value) => !/[?#]/.test(value), 'must not have a query or fragment')
      .optional(),
  ),
  OIDC_CLIENT_ID: optionalString,
  OIDC_CLIENT_SECRET: optionalString,
  OIDC_SCOPES: optionalString
    .transform((value) => (value ?? 'openid email profile').split(/\s+/).filter((scope) => scope.length > 0))
    .refine(
      (scopes) => scopes.includes('openid') && scopes.includes('email'),
      'must include openid and email (Switchyard signs people in by their verified email), e.g. "openid email profile"',
    ),
  OIDC_BUTTON_LABEL: optionalString.pipe(z.string().max(60, 'must be at most 60 characters').optional()),
});

export type Environment = z.infer<typeof environmentSchema>;

/** Settings that only make sense together: a GitHub App needs its id, a private key and the webhook secret. */
function checkGitHubApp(environment: Environment): string[] {
  const problems: string[] = [];
  const hasKey = environment.PRIVATE_KEY !== undefined || environment.PRIVATE_KEY_PATH !== undefined;
  const anySet = environment.APP_ID !== undefined || hasKey || environment.WEBHOOK_SECRET !== undefined;
  if (!anySet) return problems;
  if (environment.APP_ID === undefined) {
    problems.push('APP_ID is not set: set it to the App ID shown on the GitHub App settings page');
  }
  if (!hasKey) {
    problems.push(
      "PRIVATE_KEY is not set: set PRIVATE_KEY to the app's PEM private key, or PRIVATE_KEY_PATH to its file",
    );
  }
  if (environment.WEBHOOK_SECRET === undefined) {
    problems.push(
      'WEBHOOK_SECRET is not set: set it to the webhook secret entered in the GitHub App settings (webhooks cannot be verified without it)',
    );
  }
  return problems;
}

/** Single sign-on needs the issuer, the client id and secret, and PUBLIC_URL for the redirect URI. */
function checkOidc(environment: Environment): string[] {
  const problems: string[] = [];
  const anySet =
    environment.OIDC_ISSUER !== undefined ||
    environment.OIDC_CLIENT_ID !== undefined ||
    environment.OIDC_CLIENT_SECRET !== undefined ||
    environment.OIDC_BUTTON_LABEL !== undefined;
  if (!anySet) return problems;
  if (environment.OIDC_ISSUER === undefined) {
    problems.push(
      "OIDC_ISSUER is not set: set it to your identity provider's issuer URL (the address before /.well-known/openid-configuration, e.g. https://acme.okta.com)",
    );
  }
  if (environment.OIDC_CLIENT_ID === undefined) {
    problems.push(
      'OIDC_CLIENT_ID is not set: set it to the client ID your identity provider shows for the Switchyard app',
    );
  }
  if (environment.OIDC_CLIENT_SECRET === undefined) {
    problems.push(
      'OIDC_CLIENT_SECRET is not set: set it to the client secret of the Switchyard app at your identity provider (Switchyard signs in as a confidential client)',
    );
  }
  if (environment.PUBLIC_URL === undefined) {
    problems.push(
      'PUBLIC_URL is not set: single sign-on needs it for the redirect URI <PUBLIC_URL>/api/v1/auth/oidc/callback that you register at your identity provider',
    );
  }
  return problems;
}

/** Thrown at start-up when the environment is invalid; lists every problem at once. */
export class EnvironmentError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      `Switchyard cannot start: the environment is invalid.\n${problems.map((line) => `  - ${line}`).join('\n')}`,
    );
    this.name = 'EnvironmentError';
    this.problems = problems;
  }
}

/** Reads and validates the environment once. Explicit overrides beat `source`, which beats defaults. */
export function loadEnvironment(
  source: NodeJS.ProcessEnv = process.env,
  overrides: Partial<Record<keyof Environment, string>> = {},
): Environment {
  const result = environmentSchema.safeParse({ ...source, ...overrides });
  if (result.success) {
    const problems = [...checkGitHubApp(result.data), ...checkOidc(result.data)];
    if (problems.length > 0) throw new EnvironmentError(problems);
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const value = (overrides as Record<string, string | undefined>)[name] ?? source[name];
    const shown = value === undefined ? 'is not set' : `is invalid`;
    return `${name} ${shown}: ${issue.message}`;
  });
  throw new EnvironmentError(problems);
}
