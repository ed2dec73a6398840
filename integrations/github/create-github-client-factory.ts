import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { z } from 'zod';
import type { Logger } from '../../core/logging/create-logger.js';
import type { RetryPolicy } from '../create-idempotently.js';
import { createRequestPacer } from './create-request-pacer.js';
import { GitHubError } from './github-error.js';
import { withGitHubErrors } from './map-github-error.js';

/** The options of the GitHub client factory; every knob has a production default. */
export const githubClientOptionsSchema = z.object({
  appId: z.coerce.number().int().positive(),
  /** The app's PEM private key (`\n` escapes are accepted). */
  privateKey: z.string().min(1),
  /** `https://api.github.com`, or `https://<host>/api/v3` for GitHub Enterprise Server. */
  baseUrl: z.url().default('https://api.github.com'),
  /** The webhook secret, for `probot.webhooks.verify` (the app's webhook endpoint). */
  webhookSecret: z.string().min(1).optional(),
  /** The app's slug, when known, saves the `GET /app` call that finds the bot's login. */
  appSlug: z.string().min(1).optional(),
  /**
   * Minimum spacing between two writes (POST, PATCH, PUT, DELETE) of one installation, in ms. GitHub asks for
   * at least one second between writes and at most 80 content-creating requests a minute; 1000 satisfies
   * both. Octokit's own default spaces comments and reviews 3 s apart. 0 turns spacing off (tests, benchmarks).
   */
  writeIntervalMs: z.number().int().min(0).default(1000),
  /** Retries of a call answered with a 5xx (or a dropped connection, or a timeout). */
  requestRetries: z.number().int().min(0).default(3),
  /** The n-th retry of a 5xx waits `retryBaseDelayMs × n²` (1, 4, 9 s). */
  retryBaseDelayMs: z.number().int().min(0).default(1000),
  /**
   * How often a call answered with a rate limit (primary, or secondary with `retry-after`) is retried after
   * waiting as long as GitHub asked. At least once: GitHub's secondary limits are always honoured.
   */
  rateLimitRetries: z.number().int().min(1).default(1),
  /**
   * The longest GitHub-requested wait slept through inside a call, in seconds. A longer one (an hourly quota
   * exhausted) fails the call with `github.rate_limited` and `retryAfterMs`, and the job queue waits instead.
   */
  maximumRateLimitWaitSeconds: z.number().min(0).default(60),
  /** A call that has not answered after this long is abandoned (and retried as a 5xx). */
  requestTimeoutMs: z.number().int().positive().default(30_000),
});

/** What createGitHubClientFactory takes: the validated options and a logger (silent by default). */
export type GitHubClientFactoryOptions = z.input<typeof githubClientOptionsSchema> & { logger?: Logger };

/** Installation-authenticated Octokit clients of one GitHub App. */
export interface GitHubClientFactory {
  /** The app's Probot instance (webhook verification, app-level auth). */
  readonly probot: Probot;
  /** An Octokit authenticated as the installation; its token is fetched once and cached (59 minutes). */
  forInstallation(installationId: number): Promise<ProbotOctokit>;
  /** The login the app's comments and reviews carry, `<slug>[bot]`. */
  botLogin(): Promise<string>;
  /** The 5xx retry policy, for writes that retry themselves (see createIdempotently). */
  readonly retryPolicy: RetryPolicy;
}

/** Octokit's list, plus 429: rate limits are the throttling handlers' business, not blind retries. */
const notRetriedStatuses = [400, 401, 403, 404, 410, 422, 429, 451];

interface LimitedRequest {
  method: string;
  url: string;
}

/** Creates the factory of installation clients for one GitHub App, with Probot's Octokit and our pacing. */
export function createGitHubClientFactory(options: GitHubClientFactoryOptions): GitHubClientFactory {
  const parsed = githubClientOptionsSchema.safeParse(options);
  if (!parsed.success) {
    throw new GitHubError({
      code: 'github.invalid_options',
      message: `Invalid GitHub client options: ${parsed.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`).join('; ')}`,
    });
  }
  const settings = parsed.data;
  const logger = options.logger ?? pino({ level: 'silent' });
  const writePacer = createRequestPacer(settings.writeIntervalMs);
  const contentPacer = createRequestPacer(settings.writeIntervalMs);

  const onLimit =
    (kind: 'primary' | 'secondary') =>
    (retryAfterSeconds: number, request: LimitedRequest, _octokit: unknown, retryCount: number) => {
      const retry =
        retryCount < settings.rateLimitRetries && retryAfterSeconds <= settings.maximumRateLimitWaitSeconds;
      logger.warn(
        { kind, method: request.method, url: request.url, retryAfterSeconds, retryCount, retry },
        retry
          ? 'GitHub rate limit: waiting as asked, then retrying'
          : 'GitHub rate limit: giving up this call',
      );
      return retry;
    };

  // The function form runs on every instance Probot creates (the app client and each installation client),
  // after Probot's own defaults: our throttling handlers and retry counts replace Probot's.
  const SwitchyardOctokit = ProbotOctokit.defaults((instanceOptions: Record<string, unknown>) => ({
    ...instanceOptions,
    throttle: {
      ...(instanceOptions.throttle as object | undefined),
      enabled: true,
      write: writePacer,
      notifications: contentPacer,
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
    retry: {
      ...(instanceOptions.retry as object | undefined),
      enabled: true,
      retries: settings.requestRetries,
      retryAfterBaseValue: settings.retryBaseDelayMs,
      doNotRetry: notRetriedStatuses,
    },
  }));

  const probot = new Probot({
    appId: settings.appId,
    privateKey: settings.privateKey.includes('\n')
      ? settings.privateKey
      : settings.privateKey.replace(/\\n/g, '\n'),
    baseUrl: settings.baseUrl,
    secret: settings.webhookSecret,
    log: logger,
    Octokit: SwitchyardOctokit,
    request: { fetch: createTimedFetch(settings.requestTimeoutMs) },
  });

  let botLogin: Promise<string> | undefined = settings.appSlug
    ? Promise.resolve(`${settings.appSlug}[bot]`)
    : undefined;
  return {
    probot,
    forInstallation: (installationId) => probot.auth(installationId),
    botLogin() {
      botLogin ??= withGitHubErrors('read the GitHub App (GET /app)', async () => {
        const app = await probot.auth();
        const { data } = await app.rest.apps.getAuthenticated();
        if (!data?.slug) throw new Error('GET /app answered without the app slug');
        return `${data.slug}[bot]`;
      });
      botLogin.catch(() => {
        botLogin = undefined;
      });
      return botLogin;
    },
    retryPolicy: { retries: settings.requestRetries, baseDelayMs: settings.retryBaseDelayMs },
  };
}

/** `fetch` that gives up after `timeoutMs` (Octokit has no timeout of its own). */
function createTimedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    return fetch(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout,
    });
  };
}
