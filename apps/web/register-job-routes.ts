import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { recordAuditEvent } from '../../core/audit/record-audit-event.js';
import { canSee } from '../../core/auth/can.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';
import { codePlatformSchema, type JobRequest, parseJobRequest } from '../../core/jobs/job-request.js';
import type { AppContext } from '../server/create-app-context.js';
import { authorize, authorizeOrganization } from './authorize-target.js';
import { jobListQuerySchema } from './management-schemas.js';
import { pageByTime } from './page-by-time.js';
import { parseRequestPart } from './parse-request-part.js';
import { presentJob } from './present-job.js';
import { readAuditOrigin } from './read-audit-origin.js';
import { readPrincipal } from './resolve-principal.js';

/**
 * Agents whose job can be asked for again from what `job_runs` keeps (the others answer a comment): a
 * review or description of the pull request, or a new read of the repository's `.switchyard.yml`.
 */
const rerunnableAgents: ReadonlySet<string> = new Set(['review', 'describe', 'config']);

function jobNotFoundError(jobId: string): SwitchyardError {
  return new SwitchyardError({
    code: 'job.not_found',
    message: `There is no job ${jobId}: list jobs with GET /api/v1/orgs/:id/jobs`,
    status: 404,
  });
}

function notRerunnableError(message: string): SwitchyardError {
  return new SwitchyardError({ code: 'job.not_rerunnable', message, status: 409 });
}

/** Recent jobs of an organization, and re-running one from the web page. */
export async function registerJobRoutes(server: FastifyInstance, context: AppContext): Promise<void> {
  const { prisma } = context;

  server.get<{ Params: { id: string } }>('/orgs/:id/jobs', async (request) => {
    const organization = await authorizeOrganization(request, prisma, request.params.id, 'organization.read');
    const query = parseRequestPart(jobListQuerySchema, request.query, 'query');
    const rows = await prisma.jobRun.findMany({
      where: {
        organizationId: organization.id,
        ...(query.projectId ? { projectId: query.projectId } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.agent ? { agent: query.agent } : {}),
        ...(query.before ? { queuedAt: { lt: query.before } } : {}),
      },
      orderBy: [{ queuedAt: 'desc' }, { id: 'desc' }],
      take: query.limit + 1,
    });
    const page = pageByTime(rows, query.limit, (row) => row.queuedAt);
    const projects = await prisma.project.findMany({
      where: { id: { in: [...new Set(page.rows.map((row) => row.projectId))] } },
      select: { id: true, name: true },
    });
    const names = new Map(projects.map((project) => [project.id, project.name]));
    return {
      jobs: page.rows.map((row) => presentJob(row, names.get(row.projectId) ?? null)),
      ...(page.nextBefore ? { nextBefore: page.nextBefore } : {}),
    };
  });

  server.post<{ Params: { id: string } }>('/jobs/:id/rerun', async (request, reply) => {
    const jobId = request.params.id;
    const job = jobId.length <= 200 ? await prisma.jobRun.findUnique({ where: { id: jobId } }) : null;
    // A job of an organization the caller cannot see is as missing as one that never existed.
    if (!job || !canSee(readPrincipal(request), job.organizationId)) throw jobNotFoundError(jobId);
    const principal = authorize(request, 'job.rerun', { organizationId: job.organizationId });
    if (!rerunnableAgents.has(job.agent)) {
      throw notRerunnableError(
        `Only review and describe jobs, and config jobs (reads of .switchyard.yml), can be re-run here. This is ` +
          `a ${job.agent} job: it answers a comment or chat message that Switchyard does not keep, so ask again ` +
          'where it was asked.',
      );
    }
    const project = await prisma.project.findUnique({
      where: { id: job.projectId },
      select: { platform: true },
    });
    // A job asked for in Slack works on a GitHub or GitLab pull request: the project's platform says which.
    const platform = [job.platform, project?.platform].find(
      (candidate) => codePlatformSchema.safeParse(candidate).success,
    ) as JobRequest['target']['platform'];
    if (!platform || (job.targetKind !== 'pull_request' && job.targetKind !== 'repository')) {
      throw notRerunnableError(
        `The job ${job.id} does not name a GitHub or GitLab pull request or repository, so it cannot be re-run from here.`,
      );
    }
    // A config job's row keeps the repository only (its target number is 0).
    const target =
      job.targetKind === 'repository'
        ? { kind: 'repository', platform, repository: job.repository }
        : { kind: 'pull_request', platform, repository: job.repository, number: job.targetNumber };
    const parsed = parseJobRequest({
      projectId: job.projectId,
      organizationId: job.organizationId,
      platform,
      target,
      agent: job.agent,
      // A fresh revision makes it a new job; a command reviews the pull request's newest head anyway (and a
      // config job always reads the default branch as it is now).
      revision: `rerun-${randomBytes(6).toString('hex')}`,
      trigger: 'command',
      requestedVia: 'web',
      ...(principal.type === 'user' ? { requestedByUser: principal.userId } : {}),
    });
    if (!parsed.success)
      throw notRerunnableError(`The job ${job.id} cannot be re-run: ${parsed.error.message}`);
    const enqueued = await context.jobs.enqueue(parsed.value);
    await recordAuditEvent(prisma, {
      ...readAuditOrigin(request),
      action: 'job.rerun',
      target: { type: 'job', id: enqueued.jobId },
      organizationId: job.organizationId,
      projectId: job.projectId,
      details: {
        rerunOf: job.id,
        agent: job.agent,
        repository: job.repository,
        number: job.targetNumber,
        status: enqueued.status,
      },
    });
    return reply.code(202).send({ jobId: enqueued.jobId, status: enqueued.status });
  });
}
