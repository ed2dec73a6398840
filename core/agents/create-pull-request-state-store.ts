import type { PrismaClient } from '../db/create-prisma-client.js';

/** What the agents remember about one pull request between runs. */
export interface PullRequestState {
  /** Who paused automatic runs with `<prefix> pause`; undefined when they run. */
  pausedBy?: string;
  pausedAt?: Date;
  /** The head the last review covered: the next push is reviewed from there. */
  lastReviewedSha?: string;
}

/** Per pull request state in Postgres (`pull_request_states`), always scoped by project. */
export interface PullRequestStateStore {
  read(projectId: string, number: number): Promise<PullRequestState>;
  /** Pauses (`pausedBy` set) or resumes (null) automatic runs. */
  setPaused(projectId: string, number: number, pausedBy: string | null): Promise<void>;
  setLastReviewed(projectId: string, number: number, sha: string): Promise<void>;
}

export function createPullRequestStateStore(prisma: PrismaClient): PullRequestStateStore {
  const where = (projectId: string, number: number) => ({ projectId_number: { projectId, number } });
  return {
    async read(projectId, number) {
      const row = await prisma.pullRequestState.findUnique({ where: where(projectId, number) });
      return {
        pausedBy: row?.pausedAt ? (row.pausedBy ?? 'someone') : undefined,
        pausedAt: row?.pausedAt ?? undefined,
        lastReviewedSha: row?.lastReviewedSha ?? undefined,
      };
    },
    async setPaused(projectId, number, pausedBy) {
      const data = { pausedAt: pausedBy === null ? null : new Date(), pausedBy };
      await prisma.pullRequestState.upsert({
        where: where(projectId, number),
        create: { projectId, number, ...data },
        update: data,
      });
    },
    async setLastReviewed(projectId, number, sha) {
      await prisma.pullRequestState.upsert({
        where: where(projectId, number),
        create: { projectId, number, lastReviewedSha: sha },
        update: { lastReviewedSha: sha },
      });
    },
  };
}
