import type { Environment } from '../../core/config/environment.js';
import type {
  EnabledAgent,
  RepositoryConfigSource,
} from '../../core/config/repository-config/summarize-repository-config.js';
import type { PrismaClient } from '../../core/db/create-prisma-client.js';
import { repositoryUrl } from '../../core/projects/repository-url.js';
import { listedRecordFields } from './listed-record-fields.js';
import { type JobRunRow, presentJob } from './present-job.js';

/** The fields of a project's newest job the projects table shows (a thousand projects make one answer). */
function presentLastJob(row: JobRunRow) {
  const { id, agent, trigger, status, targetNumber, resultUrl, errorCode, queuedAt, finishedAt } = presentJob(
    row,
    null,
  );
  return { id, agent, trigger, status, targetNumber, resultUrl, errorCode, queuedAt, finishedAt };
}

/** The projects of an organization with what the projects table shows of each. */
export async function readProjectStatuses(
  prisma: PrismaClient,
  environment: Environment,
  organizationId: string,
) {
  const projects = await prisma.project.findMany({
    where: { organizationId },
    select: {
      ...listedRecordFields,
      commandPrefix: true,
      configSource: true,
      configAgents: true,
      configReadAt: true,
      lastEvent: true,
      lastEventAt: true,
    },
    orderBy: { name: 'asc' },
  });
  const lastJobs = await readLastJobs(
    prisma,
    projects.map((project) => project.id),
  );
  return projects.map((project) => {
    const { commandPrefix, configSource, configAgents, configReadAt, lastEvent, lastEventAt, ...listed } =
      project;
    const lastJob = lastJobs.get(project.id);
    return {
      ...listed,
      repositoryUrl: repositoryUrl(environment, project) ?? null,
      lastEvent: lastEvent !== null && lastEventAt !== null ? { event: lastEvent, at: lastEventAt } : null,
      lastJob: lastJob ? presentLastJob(lastJob) : null,
      repositoryConfig:
        configSource !== null && configReadAt !== null
          ? {
              source: configSource as RepositoryConfigSource,
              readAt: configReadAt,
              commandPrefix,
              agents: (configAgents ?? []) as unknown as EnabledAgent[],
            }
          : null,
    };
  });
}

/** Each project's newest job: one index lookup per project (job_runs is indexed by project and time). */
async function readLastJobs(prisma: PrismaClient, projectIds: string[]) {
  if (projectIds.length === 0) return new Map();
  const newest = await prisma.$queryRaw<Array<{ id: string }>>`
    SELECT job.id
    FROM unnest(${projectIds}::uuid[]) AS project(id)
    CROSS JOIN LATERAL (
      SELECT id FROM job_runs WHERE project_id = project.id ORDER BY queued_at DESC LIMIT 1
    ) AS job`;
  const rows = await prisma.jobRun.findMany({ where: { id: { in: newest.map((row) => row.id) } } });
  return new Map(rows.map((row) => [row.projectId, row]));
}
