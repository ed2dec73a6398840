// `npm run bench:settings`: how fast the settings page's reads answer for an organization with many
// repositories. On a fresh database (dropped afterwards) it seeds one organization with BENCH_PROJECTS
// projects (1000), BENCH_JOBS job runs (200000) and BENCH_USAGE_EVENTS usage rows (300000) spread over 30
// days, starts Switchyard (SWITCHYARD_ROLE=web, the built server) and times, closed-loop with one client:
//   GET /healthz                        the floor: an answer that reads nothing (the baseline of the ratios)
//   GET /api/v1/orgs/:id/projects       the projects table: every project with last event, job and config
//   GET /api/v1/orgs/:id/jobs?limit=50  the jobs page's first page
//   GET /api/v1/orgs/:id/usage?groupBy=day|project   the organization's usage panel, this month
//   GET /api/v1/orgs/:id/usage.csv       the organization's CSV export, this month
// Everything runs on 127.0.0.1, bounded by BENCH_REQUESTS per route (50). It prints, never asserts.
// BENCH_KEEP_DATABASE=1 keeps the seeded database afterwards, to read query plans.
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import {
  createBenchProcesses,
  deleteRedisKeys,
  dropDatabase,
  freePort,
  waitForHttp,
} from './support/create-bench-processes.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const projects = Number(process.env.BENCH_PROJECTS ?? 1000);
const jobs = Number(process.env.BENCH_JOBS ?? 200_000);
const usageEvents = Number(process.env.BENCH_USAGE_EVENTS ?? 300_000);
const requests = Number(process.env.BENCH_REQUESTS ?? 50);
const processes = createBenchProcesses(root);
const adminToken = randomBytes(24).toString('hex');

/** Seeds with set-based SQL: one statement per table, so a million rows take seconds, not minutes. */
async function seed(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO organizations (name, platform, external_id) VALUES ('bench', 'github', '1') RETURNING id`,
    );
    const organizationId = rows[0]!.id;
    await client.query(
      `INSERT INTO projects (organization_id, name, platform, external_id, config_source, config_agents,
         config_read_at, last_event, last_event_at)
       SELECT $1, 'bench/repo-' || n, 'github', n::text, 'file',
         '[{"agent":"review","triggers":["opened","synchronize","command"]},{"agent":"ask","triggers":["command"]}]',
         now(), 'pull_request.synchronize', now() - (n || ' minutes')::interval
       FROM generate_series(1, $2::int) AS n`,
      [organizationId, projects],
    );
    await client.query(
      `INSERT INTO job_runs (id, project_id, organization_id, platform, agent, target_kind, repository,
         target_number, revision, trigger, status, attempts, cost_usd, queued_at, started_at, finished_at, duration_ms)
       SELECT 'review-' || n, p.id, $1, 'github', 'review', 'pull_request', p.name, n % 500, md5(n::text),
         'automatic', (ARRAY['succeeded','succeeded','succeeded','failed','cancelled'])[1 + n % 5], 1, 0.01,
         now() - (n || ' seconds')::interval, now() - (n || ' seconds')::interval,
         now() - (n || ' seconds')::interval + interval '20 seconds', 20000
       FROM generate_series(1, $2::int) AS n
       JOIN LATERAL (SELECT id, name FROM projects WHERE organization_id = $1
                     ORDER BY name OFFSET (n % $3::int) LIMIT 1) AS p ON true`,
      [organizationId, jobs, projects],
    );
    await client.query(
      `WITH project AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS position FROM projects)
       INSERT INTO usage_events (project_id, organization_id, settlement_key, request_id, source, agent,
         provider, model, input_tokens, output_tokens, cost_usd, latency_ms, outcome, attempts, created_at)
       SELECT project.id, $1, 'settle-' || n, 'request-' || n, 'agent', 'review',
         (ARRAY['openai','anthropic'])[1 + n % 2], (ARRAY['openai:gpt-4.1-mini','anthropic:claude-haiku-4-5'])[1 + n % 2],
         1200, 300, 0.0021, 400 + n % 900, 'success', '[]',
         date_trunc('month', now()) + ((n % (extract(day FROM now())::int * 86400)) || ' seconds')::interval
       FROM generate_series(1, $2::int) AS n
       JOIN project ON project.position = n % $3::int`,
      [organizationId, usageEvents, projects],
    );
    await client.query('ANALYZE');
    return organizationId;
  } finally {
    await client.end();
  }
}

/** Times `count` sequential GETs (after 5 warm-ups); every answer must be 200. */
async function time(url: string, count: number) {
  const headers = { authorization: `Bearer ${adminToken}` };
  let bytes = 0;
  for (let warmup = 0; warmup < 5; warmup += 1) await (await fetch(url, { headers })).arrayBuffer();
  const durations: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    const body = await response.arrayBuffer();
    durations.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    bytes = body.byteLength;
  }
  durations.sort((a, b) => a - b);
  const at = (fraction: number) =>
    durations[Math.min(durations.length - 1, Math.floor(fraction * durations.length))]!;
  return { p50: at(0.5), p95: at(0.95), bytes };
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  const databaseName = `switchyard_bench_${runId}`;
  const redisPrefix = `sy-bench-${runId}-`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${databaseName}`;
  try {
    await processes.run(process.execPath, ['dist/scripts/db-migrate.js'], { DATABASE_URL: databaseUrl });
    const seedStarted = performance.now();
    const organizationId = await seed(databaseUrl);
    console.error(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const port = await freePort();
    const { child } = processes.start(
      process.execPath,
      ['dist/apps/server/main.js'],
      {
        PORT: String(port),
        HOST: '127.0.0.1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        SWITCHYARD_ROLE: 'web',
        DATABASE_URL: databaseUrl,
        REDIS_KEY_PREFIX: redisPrefix,
        ADMIN_TOKEN: adminToken,
      },
      'log',
    );
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/healthz`, child);
    const month = new Date().toISOString().slice(0, 7);
    const range = `from=${month}-01`;
    const routes: Array<[string, string]> = [
      ['GET /healthz (baseline)', '/healthz'],
      [`GET /orgs/:id/projects (${projects} projects)`, `/api/v1/orgs/${organizationId}/projects`],
      ['GET /orgs/:id/jobs?limit=50', `/api/v1/orgs/${organizationId}/jobs?limit=50`],
      ['GET /orgs/:id/usage?groupBy=day', `/api/v1/orgs/${organizationId}/usage?${range}&groupBy=day`],
      [
        'GET /orgs/:id/usage?groupBy=project',
        `/api/v1/orgs/${organizationId}/usage?${range}&groupBy=project`,
      ],
      ['GET /orgs/:id/usage.csv', `/api/v1/orgs/${organizationId}/usage.csv?${range}`],
    ];
    const results: Array<{ route: string; p50: number; p95: number; bytes: number }> = [];
    for (const [route, path] of routes) results.push({ route, ...(await time(`${base}${path}`, requests)) });
    const baseline = results[0]!.p50;
    console.log(
      `\nSettings API, one organization: ${projects} projects, ${jobs} job runs, ${usageEvents} usage rows; ` +
        `${requests} sequential requests per route\n`,
    );
    console.log('| Route | p50 ms | p95 ms | p50 / baseline | answer |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const result of results) {
      console.log(
        `| ${result.route} | ${result.p50.toFixed(1)} | ${result.p95.toFixed(1)} | ${(result.p50 / baseline).toFixed(1)}× | ${(result.bytes / 1024).toFixed(0)} KiB |`,
      );
    }
    await processes.stop(child);
  } finally {
    await processes.stopAll();
    // BENCH_KEEP_DATABASE=1 keeps the seeded database for EXPLAIN (it is named on stderr).
    if (process.env.BENCH_KEEP_DATABASE === '1') console.error(`kept database ${databaseName}`);
    else await dropDatabase(databaseName).catch(() => {});
    await deleteRedisKeys(redisPrefix).catch(() => {});
  }
}

await main();
