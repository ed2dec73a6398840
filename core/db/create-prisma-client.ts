import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client.js';

export type { PrismaClient };

/** Prisma Client on the pure-JS `pg` driver adapter (no native query engine). */
export function createPrismaClient(options: { databaseUrl: string; poolSize?: number }): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
