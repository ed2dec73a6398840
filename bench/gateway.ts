// `npm run bench:gateway`: what Switchyard's gateway adds over calling the provider directly.
// In one run, against the same instant stand-in upstream, it measures
//   (a) direct calls, (b) a bare keep-alive Node http proxy hop (the floor for any Node gateway here),
//   (c) Switchyard's gateway with a project key, routing, budget reservation and usage recording on,
//   (d) Portkey's open-source gateway (@portkey-ai/gateway) pointed at the same upstream,
// each at 1 connection (added latency) and 50 connections (throughput), after a warm-up.
// Everything listens on 127.0.0.1; each scenario runs for a fixed, bounded duration.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { type LoadFigures, measureLoad } from './support/measure-load.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const durationSeconds = Number(process.env.BENCH_DURATION_SECONDS ?? 8);
const warmupSeconds = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const children: ChildProcess[] = [];

function startChild(
  command: string,
  args: string[],
  environment: NodeJS.ProcessEnv = {},
): { child: ChildProcess; firstLine: Promise<string> } {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...environment },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
  });
  const logFile = process.env.BENCH_SERVER_LOG
    ? createWriteStream(process.env.BENCH_SERVER_LOG, { flags: 'a' })
    : undefined;
  lines.on('line', (line) => logFile?.write(`${line}\n`));
  return { child, firstLine };
}

async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

function measure(
  url: string,
  headers: Record<string, string>,
  body: string,
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  return measureLoad({ url, headers, body, connections, seconds });
}

async function json(
  url: string,
  method: string,
  token: string,
  body: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const runId = randomBytes(4).toString('hex');
  benchRun.databaseName = `switchyard_bench_${runId}`;
  benchRun.redisPrefix = `sy-bench-${runId}:`;
  const databaseUrl = `postgresql://postgres@127.0.0.1:5432/${benchRun.databaseName}`;
  const adminToken = randomBytes(24).toString('hex');
  const ports = {
    switchyard: 39_100 + Math.floor(Math.random() * 400),
    portkey: 39_600 + Math.floor(Math.random() * 300),
  };

  const upstream = startChild(process.execPath, [tsx, 'bench/support/start-upstream.ts']);
  const upstreamUrl = await upstream.firstLine;
  const bare = startChild(process.execPath, [tsx, 'bench/support/start-bare-proxy.ts', upstreamUrl]);
  const bareUrl = await bare.firstLine;

  startChild(process.execPath, [tsx, 'scripts/db-migrate.ts'], { DATABASE_URL: databaseUrl });
  await once(children.at(-1)!, 'exit');
  // The compiled build, as `npm start` runs it.
  startChild(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
        : []),
      'dist/apps/server/main.js',
    ],
    {
      PORT: String(ports.switchyard),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_KEY_PREFIX: benchRun.redisPrefix,
      ADMIN_TOKEN: adminToken,
      OPENAI_API_KEY: 'sk-bench',
      OPENAI_BASE_URL: upstreamUrl,
      LOG_LEVEL: (process.env.BENCH_LOG_LEVEL ?? 'info') as NodeJS.ProcessEnv['LOG_LEVEL'],
      NODE_ENV: 'production',
    },
  );
  const switchyardBase = `http://127.0.0.1:${ports.switchyard}`;
  await waitForHttp(`${switchyardBase}/healthz`);
  const organization = await json(`${switchyardBase}/api/v1/orgs`, 'POST', adminToken, { name: 'bench' });
  const project = await json(`${switchyardBase}/api/v1/projects`, 'POST', adminToken, {
    orgId: organization.id,
    name: 'bench/gateway',
  });
  await json(`${switchyardBase}/api/v1/projects/${project.id}/routing`, 'PUT', adminToken, {
    policy: 'fallback',
    models: ['openai:gpt-4.1-mini'],
  });
  // BENCH_NO_BUDGET=1 measures the gateway without budget enforcement, to see what the reservation costs.
  if (process.env.BENCH_NO_BUDGET !== '1') {
    await json(`${switchyardBase}/api/v1/projects/${project.id}/budget`, 'PUT', adminToken, {
      dailyUsd: 100_000,
      monthlyUsd: 1_000_000,
    });
  }
  const key = (
    await json(`${switchyardBase}/api/v1/projects/${project.id}/keys`, 'POST', adminToken, { name: 'bench' })
  ).key as string;

  const portkeyEntry = join(
    dirname(createRequire(import.meta.url).resolve('@portkey-ai/gateway/package.json')),
    'build/start-server.js',
  );
  startChild(process.execPath, [portkeyEntry, `--port=${ports.portkey}`, '--headless'], {
    NODE_ENV: 'production',
  });
  await waitForHttp(`http://127.0.0.1:${ports.portkey}/`);

  const body = JSON.stringify({
    model: 'gpt-4.1-mini',
    messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
    max_tokens: 64,
  });
  const switchyardBody = JSON.stringify({
    model: 'openai:gpt-4.1-mini',
    messages: [{ role: 'user', content: 'Say hello to the benchmark.' }],
    max_tokens: 64,
  });
  const scenarios: { name: string; url: string; headers: Record<string, string>; body: string }[] = [
    {
      name: '(a) direct',
      url: `${upstreamUrl}/chat/completions`,
      headers: { authorization: 'Bearer sk-bench' },
      body,
    },
    {
      name: '(b) bare http proxy',
      url: `${bareUrl}/chat/completions`,
      headers: { authorization: 'Bearer sk-bench' },
      body,
    },
    {
      name: '(c) switchyard',
      url: `${switchyardBase}/v1/chat/completions`,
      headers: { authorization: `Bearer ${key}` },
      body: switchyardBody,
    },
    {
      name: '(d) portkey',
      url: `http://127.0.0.1:${ports.portkey}/v1/chat/completions`,
      headers: {
        authorization: 'Bearer sk-bench',
        'x-portkey-provider': 'openai',
        'x-portkey-custom-host': upstreamUrl,
      },
      body,
    },
  ];

  const results = new Map<string, LoadFigures>();
  // BENCH_ONLY=switchyard (or direct, bare, portkey) measures one scenario, for profiling.
  const only = process.env.BENCH_ONLY;
  for (const connections of process.env.BENCH_CONNECTIONS
    ? process.env.BENCH_CONNECTIONS.split(',').map(Number)
    : [1, 50]) {
    for (const scenario of scenarios.filter((candidate) => !only || candidate.name.includes(only))) {
      await measure(scenario.url, scenario.headers, scenario.body, connections, warmupSeconds);
      const figures = await measure(
        scenario.url,
        scenario.headers,
        scenario.body,
        connections,
        durationSeconds,
      );
      results.set(`${scenario.name}@${connections}`, figures);
      console.error(`measured ${scenario.name} at ${connections} connection(s)`);
    }
  }

  if (only) {
    for (const [label, figures] of results) console.log(label, JSON.stringify(figures));
    return;
  }
  const direct1 = results.get('(a) direct@1')!;
  const rows = [...results.entries()].map(([label, figures]) => {
    const [name, connections] = label.split('@') as [string, string];
    const bareFigures = results.get(`(b) bare http proxy@${connections}`)!;
    const portkeyFigures = results.get(`(d) portkey@${connections}`)!;
    return {
      scenario: name,
      connections: Number(connections),
      'requests/s': Math.round(figures.requestsPerSecond),
      'p50 ms': figures.p50Ms.toFixed(3),
      'p99 ms': figures.p99Ms.toFixed(3),
      'added p50 ms': connections === '1' ? (figures.p50Ms - direct1.p50Ms).toFixed(3) : '',
      'rps ÷ bare': (figures.requestsPerSecond / bareFigures.requestsPerSecond).toFixed(2),
      'rps ÷ portkey': (figures.requestsPerSecond / portkeyFigures.requestsPerSecond).toFixed(2),
      errors: figures.errors,
    };
  });
  console.log(
    `\nGateway benchmark: ${durationSeconds}s per scenario after ${warmupSeconds}s warm-up, instant stand-in upstream, node ${process.version}`,
  );
  console.table(rows);

  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const usage = await client.query(
    'SELECT count(*)::int AS rows, sum(cost_usd)::text AS cost FROM usage_events',
  );
  await client.end();
  console.log(
    `Switchyard wrote ${usage.rows[0].rows} usage rows (batched), total cost $${usage.rows[0].cost}`,
  );
}

const benchRun = { databaseName: '', redisPrefix: '' };

async function cleanup(): Promise<void> {
  for (const child of children) child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  if (benchRun.databaseName) {
    const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${benchRun.databaseName}" WITH (FORCE)`);
    await client.end();
  }
  if (benchRun.redisPrefix) {
    const redis = new Redis('redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${benchRun.redisPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    redis.disconnect();
  }
}

main()
  .then(cleanup)
  .catch(async (error: Error) => {
    console.error(`bench:gateway failed: ${error.message}`);
    await cleanup();
    process.exit(1);
  });
