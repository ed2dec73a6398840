import { Redis } from 'ioredis';
import pg from 'pg';

/** Drops the run's database and deletes every Redis key under the run's prefix. */
export default async function globalTeardown() {
  const databaseUrl = process.env.DATABASE_URL;
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (prefix?.startsWith('sy-test-')) {
    const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  }
  if (databaseUrl && process.env.KEEP_TEST_DATABASE !== '1') {
    const url = new URL(databaseUrl);
    const name = decodeURIComponent(url.pathname.slice(1));
    if (!name.startsWith('switchyard_test_')) return;
    url.pathname = '/postgres';
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.end();
  }
}
