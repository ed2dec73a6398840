// Preloaded into a Switchyard process by bench:webhooks when BENCH_COUNT_CALLS=1 (`--import tsx --import
// this file`): counts the Postgres queries (by statement) and Redis commands (by name) the process sends,
// without changing the app. SIGUSR2 starts the count afresh (after a warm-up); on exit the counts are written
// as JSON to BENCH_CALL_COUNT_FILE.
import { writeFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import pg from 'pg';

const counts = new Map<string, number>();
const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);

/** A query's text without the schema noise Prisma adds, short enough to read in a table. */
function statementOf(query: unknown): string {
  const text = typeof query === 'string' ? query : ((query as { text?: string } | undefined)?.text ?? '?');
  return text.replaceAll('"public".', '').replace(/\s+/g, ' ').slice(0, 90);
}

const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(this: pg.Client, ...args: unknown[]) {
  count(`postgres ${statementOf(args[0])}`);
  return (query as (...parameters: unknown[]) => unknown).apply(this, args);
} as typeof query;

const sendCommand = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function countedCommand(this: Redis, ...args: Parameters<typeof sendCommand>) {
  count(`redis ${args[0].name.toUpperCase()}`);
  return sendCommand.apply(this, args);
};

process.on('SIGUSR2', () => counts.clear());
process.on('exit', () => {
  const file = process.env.BENCH_CALL_COUNT_FILE;
  if (file) writeFileSync(file, JSON.stringify(Object.fromEntries(counts)));
});
