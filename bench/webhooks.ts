// `npm run bench:webhooks`: how fast Switchyard takes GitHub webhooks, and how soon a review comment follows.
// In one run, on a fresh database and Redis prefixes (dropped and deleted afterwards), it measures
//   (a) a bare Node http server that checks the HMAC and answers 202 (the floor for any Node receiver),
//   (b) Switchyard with SWITCHYARD_ROLE=web (the accept path alone: verify, dedupe, plan, enqueue, record),
//   (c) Switchyard with SWITCHYARD_ROLE=all (worker running; a long JOB_DEBOUNCE_MS keeps the queued jobs
//       from calling the model during the measurement), `synchronize` (one job) and `opened` (two jobs),
// with signed `pull_request` deliveries from @octokit/webhooks-examples, each for a new pull request at a new
// head sha, posted closed-loop at fixed concurrency after a warm-up; then
//   (d) webhook → sticky review comment: pull requests opened one after the other on the GitHub stand-in,
//       JOB_DEBOUNCE_MS=0, GITHUB_WRITE_INTERVAL_MS=0, an OpenAI stand-in that answers at once.
// Everything listens on 127.0.0.1; every scenario is bounded in time and in requests. It prints, never asserts.
// Switches: BENCH_DURATION_SECONDS (5), BENCH_WARMUP_SECONDS (1), BENCH_CONNECTIONS (1,10), BENCH_MAX_WEBHOOKS
// (20000 per run), BENCH_LATENCY_PULL_REQUESTS (30), BENCH_LATENCY_ACTION (opened | synchronize), BENCH_ONLY,
// BENCH_LOG_LEVEL (info), BENCH_SERVER_LOG (file), BENCH_PROFILE_DIR (CPU profiles of Switchyard),
// BENCH_COUNT_CALLS=1 (Postgres queries and Redis commands per reviewed pull request).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startFakeGitHub } from '../test/fakes/github-server.js';
import { startFakeOpenAI } from '../test/fakes/openai-server.js';
import {
  createBenchProcesses,
  deleteRedisKeys,
  dropDatabase,
  freePort,
  waitForHttp,
} from './support/create-bench-processes.js';
import { createPullRequestWebhooks, type SignedWebhook } from './support/create-pull-request-webhooks.js';
import { measureReviewLatency, type ReviewLatencyResult } from './support/measure-review-latency.js';
import { measureWebhookLoad } from './support/measure-webhook-load.js';
import { reportWebhookFigures, type WebhookLoadResult } from './support/report-webhook-figures.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 5);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
const maxWebhooks = Number(process.env.BENCH_MAX_WEBHOOKS ?? 20_000);
const latencyPullRequests = Number(process.env.BENCH_LATENCY_PULL_REQUESTS ?? 30);
// `opened` (default) enqueues a review and a describe job; `synchronize` a review job only.
const latencyAction = process.env.BENCH_LATENCY_ACTION === 'synchronize' ? 'synchronize' : 'opened';
// BENCH_ONLY=floor,web,all,latency (any subset) runs only those parts, e.g. for profiling.
const only = process.env.BENCH_ONLY?.split(',');
const runs = (part: string) => !only || only.includes(part);

const appId = 4242;
const installationId = 77;
const repository = { id: 700_001, fullName: 'bench/widgets' };
const processes = createBenchProcesses(root);
const benchRun = { databaseName: '', redisPrefix: '' };

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  benchRun.databaseName = `switchyard_bench_${runId}`;
  benchRun.redisPrefix = `sy-bench-${runId}-`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${benchRun.databaseName}`;
  const secret = randomBytes(20).toString('hex');
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const github = await startFakeGitHub({ appPublicKey: keys.publicKey });
  const openai = await startFakeOpenAI();
  // Valid for both the review and the describe parser.
  openai.setDefault({
    kind: 'reply',
    text: '{"summary":"Looks fine.","findings":[],"changes":[],"risks":[]}',
  });
  const seeded = github.repository('bench', 'widgets', { files: { 'README.md': '# widgets\n' } });
  const webhooks = {
    synchronize: createPullRequestWebhooks({ secret, installationId, repository, action: 'synchronize' }),
    opened: createPullRequestWebhooks({ secret, installationId, repository, action: 'opened' }),
  };
  // Every delivery names a new pull request (and a new head), so each one is a real enqueue.
  let nextNumber = 100_000;
  const loadOf = (action: keyof typeof webhooks) => () => {
    nextNumber += 1;
    return webhooks[action].next(nextNumber);
  };

  await processes.run(process.execPath, ['dist/scripts/db-migrate.js'], { DATABASE_URL: databaseUrl });

  const startSwitchyard = async (part: string, environment: NodeJS.ProcessEnv, countCalls = false) => {
    const port = await freePort();
    const profile = process.env.BENCH_PROFILE_DIR;
    const { child } = processes.start(
      process.execPath,
      [
        ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${part}.cpuprofile`] : []),
        ...(countCalls ? ['--import', 'tsx', '--import', './bench/support/count-store-calls.ts'] : []),
        'dist/apps/server/main.js',
      ],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: (process.env.BENCH_LOG_LEVEL ?? 'info') as NodeJS.ProcessEnv['LOG_LEVEL'],
        DATABASE_URL: databaseUrl,
        REDIS_KEY_PREFIX: `${benchRun.redisPrefix}${part}:`,
        APP_ID: String(appId),
        PRIVATE_KEY: keys.privateKey,
        WEBHOOK_SECRET: secret,
        GHE_HOST: github.host,
        GHE_PROTOCOL: 'http',
        GITHUB_WRITE_INTERVAL_MS: '0',
        OPENAI_API_KEY: 'sk-bench',
        OPENAI_BASE_URL: openai.baseUrl,
        ANTHROPIC_API_KEY: '',
        ROUTER_DEFAULT_MODELS: 'openai:gpt-4.1-mini',
        ...environment,
      },
      'log',
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, child);
    return { child, url: `${base}/api/github/webhooks` };
  };

  const results: WebhookLoadResult[] = [];
  const measureAt = async (scenario: string, url: string, nextWebhook: () => SignedWebhook) => {
    let sent = 0;
    for (const connections of connectionCounts) {
      const warmup = await measureWebhookLoad({
        url,
        nextWebhook,
        connections,
        seconds: warmupSeconds,
        maxRequests: maxWebhooks,
      });
      const figures = await measureWebhookLoad({
        url,
        nextWebhook,
        connections,
        seconds: durationSeconds,
        maxRequests: maxWebhooks,
      });
      sent += (warmup.statuses['202'] ?? 0) + (figures.statuses['202'] ?? 0);
      results.push({ scenario, connections, figures });
      console.error(`measured ${scenario} at ${connections} connection(s)`);
    }
    return sent;
  };

  if (runs('floor')) {
    const bare = processes.start(process.execPath, [
      tsx,
      'bench/support/start-bare-webhook-receiver.ts',
      secret,
    ]);
    await measureAt('(a) bare HMAC + 202', await bare.firstLine, loadOf('synchronize'));
    await processes.stop(bare.child);
  }
  const longDebounce = { JOB_DEBOUNCE_MS: '600000' };
  if (runs('web')) {
    const web = await startSwitchyard('web', { SWITCHYARD_ROLE: 'web', ...longDebounce });
    await measureAt('(b) switchyard web, synchronize', web.url, loadOf('synchronize'));
    await processes.stop(web.child);
  }
  let queued: { accepted: number; jobs: number; expected: number; drainSeconds: number } | undefined;
  if (runs('all')) {
    const all = await startSwitchyard('all', { SWITCHYARD_ROLE: 'all', ...longDebounce });
    const synchronized = await measureAt('(c) switchyard all, synchronize', all.url, loadOf('synchronize'));
    const opened = await measureAt('(c) switchyard all, opened', all.url, loadOf('opened'));
    const redis = new Redis('redis://127.0.0.1:6379');
    // Accepted webhooks become jobs in the worker's intake: wait (bounded) until it has drained.
    const stream = `${benchRun.redisPrefix}all:intake:webhooks`;
    const drainStarted = Date.now();
    while ((await redis.xlen(stream)) > 0 && Date.now() - drainStarted < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    const jobs = await redis.zcard(`${benchRun.redisPrefix}all:bull:agent-jobs:delayed`);
    redis.disconnect();
    // One job per head: an opened pull request's review job also describes it when configured.
    queued = { accepted: synchronized + opened, jobs, expected: synchronized + opened, drainSeconds };
    await processes.stop(all.child);
  }
  let latency: ReviewLatencyResult | undefined;
  let storeCalls: Record<string, number> | undefined;
  if (runs('latency')) {
    // BENCH_COUNT_CALLS=1 counts the Postgres queries and Redis commands of the measured runs.
    const countCalls = process.env.BENCH_COUNT_CALLS === '1';
    const callCountFile = join(tmpdir(), `switchyard-bench-calls-${runId}.json`);
    const all = await startSwitchyard(
      'latency',
      { SWITCHYARD_ROLE: 'all', JOB_DEBOUNCE_MS: '0', BENCH_CALL_COUNT_FILE: callCountFile },
      countCalls,
    );
    latency = await measureReviewLatency({
      afterWarmup: countCalls ? () => all.child.kill('SIGUSR2') : undefined,
      url: all.url,
      github,
      openai,
      repository: seeded,
      webhookFor: (number, headSha) => webhooks[latencyAction].next(number, headSha),
      count: latencyPullRequests,
      warmup: 3,
      timeoutMs: 10_000,
    });
    await processes.stop(all.child);
    if (countCalls) {
      storeCalls = JSON.parse(readFileSync(callCountFile, 'utf8')) as Record<string, number>;
      rmSync(callCountFile);
    }
  }
  await github.close();
  await openai.close();
  reportWebhookFigures({
    heading: `Webhook benchmark: ${durationSeconds}s per scenario after ${warmupSeconds}s warm-up, closed loop, node ${process.version}`,
    load: results,
    queued,
    latency: latency && { ...latency, action: latencyAction },
    storeCalls,
  });
}

async function cleanup(): Promise<void> {
  await processes.stopAll();
  if (benchRun.databaseName) await dropDatabase(benchRun.databaseName);
  if (benchRun.redisPrefix) await deleteRedisKeys(benchRun.redisPrefix);
}

main()
  .then(cleanup)
  .catch(async (error: Error) => {
    console.error(`bench:webhooks failed: ${error.stack ?? error.message}`);
    await cleanup();
    process.exit(1);
  });
