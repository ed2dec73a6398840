import type { AppContext } from '../server/create-app-context.js';

export type JobRunRow = Awaited<ReturnType<AppContext['prisma']['jobRun']['findMany']>>[number];

/** A `job_runs` row as the API shows it. */
export function presentJob(row: JobRunRow, projectName: string | null) {
  return {
    id: row.id,
    projectId: row.projectId,
    projectName,
    platform: row.platform,
    agent: row.agent,
    trigger: row.trigger,
    status: row.status,
    repository: row.repository,
    targetNumber: row.targetNumber,
    revision: row.revision,
    requestedBy: row.requestedBy,
    attempts: row.attempts,
    costUsd: Number(row.costUsd.toString()),
    resultUrl: row.resultUrl,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    queuedAt: row.queuedAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    durationMs: row.durationMs,
  };
}
