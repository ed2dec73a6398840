import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { openSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { Redis } from 'ioredis';
import pg from 'pg';

/** A child process of a benchmark: its first stdout line (stand-ins print their URL there). */
export interface BenchChild {
  child: ChildProcess;
  firstLine: Promise<string>;
}

/**
 * Starts and stops a benchmark's child processes (stand-ins, Switchyard) from the repository root, so none
 * outlives the run. `stdout: 'log'` sends the output to BENCH_SERVER_LOG (or nowhere) without the benchmark
 * reading it, so a busy server's logging costs the server, not the load generator.
 */
export function createBenchProcesses(root: string) {
  const children = new Set<ChildProcess>();

  const start = (
    command: string,
    args: string[],
    environment: NodeJS.ProcessEnv = {},
    stdout: 'first-line' | 'log' = 'first-line',
  ): BenchChild => {
    const logFile = process.env.BENCH_SERVER_LOG;
    const output = stdout === 'first-line' ? 'pipe' : logFile ? openSync(logFile, 'a') : 'ignore';
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...environment },
      stdio: ['ignore', output, 'inherit'],
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    const firstLine = new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}`)));
      if (child.stdout) createInterface({ input: child.stdout }).once('line', resolve);
    });
    firstLine.catch(() => {});
    return { child, firstLine };
  };

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
  const stop = async (child: ChildProcess, graceMs = 15_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };

  return {
    start,
    stop,
    /** Runs a command to completion; rejects when it fails. */
    async run(command: string, args: string[], environment: NodeJS.ProcessEnv = {}): Promise<void> {
      const { child } = start(command, args, environment, 'log');
      const [code] = (await once(child, 'exit')) as [number | null];
      if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}`);
    },
    async stopAll(): Promise<void> {
      await Promise.all([...children].map((child) => stop(child, 2_000)));
    },
  };
}

/** Waits until `url` answers below 500; fails early when `child` exits first. */
export async function waitForHttp(url: string, child?: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not come up within ${timeoutMs} ms`);
}

/** Deletes every Redis key under `prefix` (SCAN, not KEYS); returns how many. */
export async function deleteRedisKeys(prefix: string, redisUrl = 'redis://127.0.0.1:6379'): Promise<number> {
  const redis = new Redis(redisUrl);
  let cursor = '0';
  let deleted = 0;
  try {
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** Drops a benchmark's database, closing whatever connections are left. */
export async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client({ connectionString: 'postgresql://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** A port of 127.0.0.1 that nothing listens on now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
