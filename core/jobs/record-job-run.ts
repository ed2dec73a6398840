import type { PrismaClient } from '../db/create-prisma-client.js';
import type { EventPublisher } from '../events/publish-event.js';
import type { JobRequest } from './job-request.js';

/** Where a job stands, as the `job_runs` table records it. */
export type JobRunStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'superseded';

/** The error a failed (or retried) run leaves on its row. */
export interface JobRunError {
  code: string;
  message: string;
}

/** One transition of a job run. */
export type JobRunTransition =
  /** Enqueued: creates the row, or resets it when a failed job is run again. */
  | { status: 'queued'; request: JobRequest }
  /** Started (again): counts one attempt; creates the row if the enqueue could not write it. */
  | { status: 'running'; request: JobRequest }
  /** Back in the queue: a retry after a transient error, or a job handed back at shutdown. */
  | { status: 'requeued'; error?: JobRunError }
  | { status: 'succeeded'; costUsd?: number; resultUrl?: string }
  | { status: 'failed'; error: JobRunError }
  | { status: 'cancelled' | 'superseded' };

const unfinishedStatuses: JobRunStatus[] = ['queued', 'running'];
const maxErrorMessageLength = 2000;

function requestColumns(request: JobRequest) {
  return {
    organizationId: request.organizationId,
    platform: request.platform,
    agent: request.agent,
    targetKind: request.target.kind,
    repository: request.target.repository,
    // A repository-wide job (`config`) names no pull request: 0, which the jobs page shows as no number.
    targetNumber: request.target.kind === 'pull_request' ? request.target.number : 0,
    revision: request.revision,
    trigger: request.trigger,
    // A re-run from the web page names the Switchyard user, as the audit log does.
    requestedBy: request.requestedBy ?? (request.requestedByUser ? `user:${request.requestedByUser}` : null),
  };
}

function errorColumns(error: JobRunError | undefined) {
  if (!error) return {};
  return { errorCode: error.code, errorMessage: error.message.slice(0, maxErrorMessageLength) };
}

/** The columns of a `job_runs` row that a live update carries. */
const eventColumns = {
  id: true,
  projectId: true,
  organizationId: true,
  status: true,
  costUsd: true,
  resultUrl: true,
  errorCode: true,
  queuedAt: true,
  finishedAt: true,
} as const;

interface JobEventRow {
  id: string;
  projectId: string;
  organizationId: string;
  status: string;
  costUsd: { toString(): string };
  resultUrl: string | null;
  errorCode: string | null;
  queuedAt: Date;
  finishedAt: Date | null;
}

function publishJobEvent(events: EventPublisher | undefined, row: JobEventRow | null | undefined): void {
  if (!events || !row) return;
  events.publish({
    type: 'job',
    organizationId: row.organizationId,
    data: {
      id: row.id,
      projectId: row.projectId,
      status: row.status,
      costUsd: Number(row.costUsd.toString()),
      resultUrl: row.resultUrl,
      errorCode: row.errorCode,
      queuedAt: row.queuedAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    },
  });
}

/**
 * Records one transition of a job run in `job_runs`, scoped by project. Idempotent: there is one row per
 * job id whatever the redeliveries, and a finished run (succeeded, failed, cancelled, superseded) is not
 * finished a second time. Returns false when nothing changed (no such unfinished run of this project).
 * Each change is published to `events`, when given, for the web page's live updates.
 */
export async function recordJobRun(
  prisma: PrismaClient,
  input: { jobId: string; projectId: string; at?: Date } & JobRunTransition,
  events?: EventPublisher,
): Promise<boolean> {
  const at = input.at ?? new Date();
  const where = { id: input.jobId, projectId: input.projectId };
  switch (input.status) {
    case 'queued': {
      const columns = requestColumns(input.request);
      const fresh = {
        status: 'queued',
        queuedAt: at,
        attempts: 0,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        errorCode: null,
        errorMessage: null,
        costUsd: 0,
        resultUrl: null,
      };
      const row = await prisma.jobRun.upsert({
        where,
        create: { ...where, ...columns, ...fresh },
        update: { ...columns, ...fresh },
        select: eventColumns,
      });
      publishJobEvent(events, row);
      return wasWritten(row);
    }
    case 'running': {
      const running = { status: 'running', startedAt: at, finishedAt: null, durationMs: null };
      const row = await prisma.jobRun.upsert({
        where,
        create: { ...where, ...requestColumns(input.request), ...running, queuedAt: at, attempts: 1 },
        update: { ...running, attempts: { increment: 1 } },
        select: eventColumns,
      });
      publishJobEvent(events, row);
      return wasWritten(row);
    }
    case 'requeued': {
      const rows = await prisma.jobRun.updateManyAndReturn({
        where: { ...where, status: { in: unfinishedStatuses } },
        data: { status: 'queued', ...errorColumns(input.error) },
        select: eventColumns,
      });
      publishJobEvent(events, rows[0]);
      return rows.length > 0;
    }
    default:
      return finishJobRun(prisma, where, at, input, events);
  }
}

/**
 * Prisma runs this upsert as one `INSERT … ON CONFLICT (id) DO UPDATE … WHERE project_id = …`: a row of
 * another project is left alone and the call returns null, although its type says otherwise.
 */
function wasWritten(row: unknown): boolean {
  return row !== null && row !== undefined;
}

async function finishJobRun(
  prisma: PrismaClient,
  where: { id: string; projectId: string },
  at: Date,
  transition: Extract<JobRunTransition, { status: 'succeeded' | 'failed' | 'cancelled' | 'superseded' }>,
  events: EventPublisher | undefined,
): Promise<boolean> {
  const row = await prisma.jobRun.findFirst({ where, select: { status: true, startedAt: true } });
  if (!row || !unfinishedStatuses.includes(row.status as JobRunStatus)) return false;
  const durationMs = row.startedAt ? Math.max(0, at.getTime() - row.startedAt.getTime()) : null;
  const data =
    transition.status === 'succeeded'
      ? {
          costUsd: (transition.costUsd ?? 0).toFixed(9),
          resultUrl: transition.resultUrl ?? null,
          errorCode: null,
          errorMessage: null,
        }
      : transition.status === 'failed'
        ? errorColumns(transition.error)
        : {};
  const rows = await prisma.jobRun.updateManyAndReturn({
    // The status condition makes a concurrent second finish a no-op.
    where: { ...where, status: { in: unfinishedStatuses } },
    data: { status: transition.status, finishedAt: at, durationMs, ...data },
    select: eventColumns,
  });
  publishJobEvent(events, rows[0]);
  return rows.length > 0;
}
