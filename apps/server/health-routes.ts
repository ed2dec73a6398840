import type { FastifyInstance } from 'fastify';
import { readMigrationFiles } from '../../core/db/migrations.js';
import { readEvictionPolicy } from '../../core/redis/read-eviction-policy.js';
import type { AppContext } from './create-app-context.js';

interface CheckResult {
  ok: boolean;
  latencyMs?: number;
  error?: string;
  [detail: string]: unknown;
}

async function timed(check: () => Promise<CheckResult>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const result = await check();
    return { ...result, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: (error as Error).message, latencyMs: Math.round(performance.now() - started) };
  }
}

function withTimeout<T>(promise: Promise<T>, milliseconds: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) =>
      setTimeout(
        () => reject(new Error(`${what} did not answer within ${milliseconds} ms`)),
        milliseconds,
      ).unref(),
    ),
  ]);
}

/** `/healthz` (the process is alive), `/readyz` (Redis, Postgres and migrations) and `/metrics`. */
export async function registerHealthRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const migrationNames = (await readMigrationFiles()).map((file) => file.name);

  server.get('/healthz', async () => ({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));

  server.get('/readyz', async (_request, reply) => {
    const [redis, postgres, migrations] = await Promise.all([
      timed(async () => {
        const pong = await withTimeout(context.redis.ping(), 2000, 'Redis');
        const eviction = await withTimeout(readEvictionPolicy(context.redis), 2000, 'Redis');
        return {
          ok: pong === 'PONG',
          maxmemoryPolicy: eviction.policy ?? 'unknown',
          ...(eviction.warning ? { warning: eviction.warning } : {}),
        };
      }),
      timed(async () => {
        await withTimeout(context.prisma.$queryRaw`SELECT 1`, 2000, 'Postgres');
        return { ok: true };
      }),
      timed(async () => {
        const rows = await withTimeout(
          context.prisma.$queryRaw<{ migration_name: string }[]>`
            SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
          2000,
          'Postgres',
        );
        const applied = new Set(rows.map((row) => row.migration_name));
        const pending = migrationNames.filter((name) => !applied.has(name));
        return pending.length === 0
          ? { ok: true, applied: migrationNames.length }
          : { ok: false, pending, error: 'migrations are pending: run npm run db:migrate' };
      }),
    ]);
    const ready = redis.ok && postgres.ok && migrations.ok;
    // A risky Redis eviction policy is a loud warning, not a reason to take the instance out of rotation.
    const warnings = typeof redis.warning === 'string' ? [redis.warning] : [];
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not_ready', warnings, checks: { redis, postgres, migrations } });
  });

  server.get('/metrics', async (_request, reply) => {
    reply.header('content-type', context.metrics.registry.contentType);
    return context.metrics.registry.metrics();
  });
}
