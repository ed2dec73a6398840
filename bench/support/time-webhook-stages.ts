// Where one GitHub webhook's time goes inside Switchyard, without touching the app: the real handler
// (createGitHubWebhookHandler) over the real delivery log, project directory and job queue, built here on a
// Prisma client and a Redis client whose every query and command is timed. Prints, per webhook, the wall
// time of each handler stage and of each Postgres query / Redis command, and the CPU the process spent.
// Usage (after `npm run build`, which generates the Prisma client):
//   npx tsx bench/support/time-webhook-stages.ts        BENCH_STAGE_WEBHOOKS=500 BENCH_STAGE_CONCURRENCY=1
// It creates and drops its own database and deletes its Redis keys.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGitHubApp } from '../../apps/github/create-github-app.js';
import { createGitHubWebhookHandler } from '../../apps/github/create-github-webhook-handler.js';
import { createPrismaClient, type PrismaClient } from '../../core/db/create-prisma-client.js';
import { createJobQueue } from '../../core/jobs/create-job-queue.js';
import { createWebhookDeliveryLog } from '../../core/jobs/create-webhook-delivery-log.js';
import { createLogger } from '../../core/logging/create-logger.js';
import { createPlatformProjectDirectory } from '../../core/projects/create-platform-project-directory.js';
import { createRedisClient } from '../../core/redis/create-redis-client.js';
import { createBenchProcesses, deleteRedisKeys, dropDatabase } from './create-bench-processes.js';
import { createPullRequestWebhooks } from './create-pull-request-webhooks.js';

const webhookCount = Number(process.env.BENCH_STAGE_WEBHOOKS ?? 500);
const concurrency = Number(process.env.BENCH_STAGE_CONCURRENCY ?? 1);
const action = (process.env.BENCH_STAGE_ACTION ?? 'synchronize') as 'synchronize' | 'opened';
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** Wall time per label, summed; `count` per label. */
function createTimings() {
  const totals = new Map<string, { milliseconds: number; count: number }>();
  const add = (label: string, milliseconds: number) => {
    const entry = totals.get(label) ?? { milliseconds: 0, count: 0 };
    entry.milliseconds += milliseconds;
    entry.count += 1;
    totals.set(label, entry);
  };
  const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      add(label, performance.now() - started);
    }
  };
  return { totals, add, time, clear: () => totals.clear() };
}

type Timings = ReturnType<typeof createTimings>;

/** The Prisma client with every model call timed as `postgres <model>.<method>`. */
function timePrisma(prisma: PrismaClient, timings: Timings): PrismaClient {
  return new Proxy(prisma, {
    get(target, model, receiver) {
      const delegate = Reflect.get(target, model, receiver);
      if (typeof model !== 'string' || model.startsWith('$') || typeof delegate !== 'object' || !delegate)
        return delegate;
      return new Proxy(delegate, {
        get(inner, method) {
          const value = Reflect.get(inner, method);
          if (typeof value !== 'function' || typeof method !== 'string') return value;
          return (...args: unknown[]) =>
            timings.time(`postgres ${model}.${method}`, async () => value.apply(inner, args));
        },
      });
    },
  });
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const databaseName = `switchyard_stages_${runId}`;
  const keyPrefix = `sy-stages-${runId}:`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${databaseName}`;
  const processes = createBenchProcesses(root);
  await processes.run(process.execPath, ['dist/scripts/db-migrate.js'], { DATABASE_URL: databaseUrl });

  const timings = createTimings();
  const logger = createLogger({ level: 'warn' });
  const prisma = createPrismaClient({ databaseUrl, poolSize: 10 });
  const redis = createRedisClient({ redisUrl: 'redis://127.0.0.1:6379', name: 'stages' });
  const sendCommand = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: Parameters<typeof sendCommand>[0], stream?: unknown) => {
    const started = performance.now();
    const settled = () => timings.add(`redis ${command.name.toUpperCase()}`, performance.now() - started);
    command.promise.then(settled, settled);
    return sendCommand(command, stream as never);
  }) as typeof redis.sendCommand;
  const timedPrisma = timePrisma(prisma, timings);
  const queue = createJobQueue({
    redis,
    prisma: timedPrisma,
    keyPrefix,
    logger,
    debounceMs: 600_000,
    attempts: 3,
    backoffMs: 5000,
  });
  const deliveries = createWebhookDeliveryLog(timedPrisma);
  const directory = createPlatformProjectDirectory(timedPrisma);
  const secret = randomBytes(20).toString('hex');
  const github = createGitHubApp(
    {
      appId: 4242,
      privateKey: generateKeyPairSync('rsa', {
        modulusLength: 2048,
        privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
        publicKeyEncoding: { type: 'spki', format: 'pem' },
      }).privateKey,
      webhookSecret: secret,
      baseUrl: 'http://127.0.0.1:9/api/v3',
      writeIntervalMs: 0,
      requestRetries: 0,
    },
    logger,
  );
  const handle = createGitHubWebhookHandler({
    verify: (rawBody, signature) => timings.time('stage verify', () => github.verify(rawBody, signature)),
    directory: {
      ...directory,
      resolve: (reference) => timings.time('stage directory.resolve', () => directory.resolve(reference)),
    },
    queue: { enqueue: (request) => timings.time('stage queue.enqueue', () => queue.enqueue(request)) },
    deliveries: {
      ...deliveries,
      has: (platform, id) => timings.time('stage deliveries.has', () => deliveries.has(platform, id)),
      record: (delivery) => timings.time('stage deliveries.record', () => deliveries.record(delivery)),
    },
    logger,
  });
  const webhooks = createPullRequestWebhooks({
    secret,
    installationId: 4242,
    repository: { id: 700_001, fullName: 'bench/widgets' },
    action,
  });
  let number = 0;
  const deliver = async () => {
    number += 1;
    const webhook = webhooks.next(number);
    const answer = await timings.time('handler total', () =>
      handle({
        id: webhook.headers['x-github-delivery'],
        name: 'pull_request',
        signature: webhook.headers['x-hub-signature-256'],
        rawBody: webhook.body,
      }),
    );
    if (answer.status !== 202) throw new Error(`answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };
  const runBatch = async (count: number) => {
    let left = count;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (left > 0) {
          left -= 1;
          await deliver();
        }
      }),
    );
  };

  try {
    await runBatch(200); // warm-up: JIT, pools, the directory's first upsert
    timings.clear();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await runBatch(webhookCount);
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    console.log(
      `${webhookCount} ${action} webhooks through the handler at concurrency ${concurrency}: ${Math.round((webhookCount / elapsed) * 1000)}/s, CPU of this process ${((cpu.user + cpu.system) / 1000 / webhookCount).toFixed(2)} ms per webhook`,
    );
    console.table(
      [...timings.totals.entries()]
        .sort((a, b) => b[1].milliseconds - a[1].milliseconds)
        .map(([label, { milliseconds, count }]) => ({
          label,
          'calls per webhook': (count / webhookCount).toFixed(2),
          'ms per call': (milliseconds / count).toFixed(3),
          'ms per webhook': (milliseconds / webhookCount).toFixed(3),
        })),
    );
  } finally {
    await queue.close();
    redis.disconnect();
    await prisma.$disconnect();
    await dropDatabase(databaseName);
    await deleteRedisKeys(keyPrefix);
  }
}

main().catch((error: Error) => {
  console.error(`time-webhook-stages failed: ${error.stack ?? error.message}`);
  process.exit(1);
});
