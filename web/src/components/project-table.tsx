import type { Job, ListedRecord } from '../api-types.js';
import { formatTime } from '../format.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { StatusBadge } from './status-badge.js';

/** The newest job and the agents seen recently, per project. */
function summarize(jobs: Job[]) {
  const byProject = new Map<string, { last: Job; agents: Set<string> }>();
  for (const job of jobs) {
    const entry = byProject.get(job.projectId) ?? { last: job, agents: new Set<string>() };
    if ((job.queuedAt ?? '') > (entry.last.queuedAt ?? '')) entry.last = job;
    if (job.agent) entry.agents.add(job.agent);
    byProject.set(job.projectId, entry);
  }
  return byProject;
}

/** The projects (repositories) of one organization, with their last job. */
export function ProjectTable({ organizationId }: { organizationId: string }) {
  const [projects] = useApi<{ projects: ListedRecord[] }>(`/orgs/${organizationId}/projects`);
  const [jobs] = useApi<{ jobs: Job[] }>(`/orgs/${organizationId}/jobs?limit=100`);
  if (projects.state === 'loading') return <Loading what="projects" />;
  if (projects.state === 'error') return <ErrorBanner message={projects.message} />;
  const summary = jobs.state === 'ready' ? summarize(jobs.value.jobs) : new Map();
  const noJobs = jobs.state === 'loading' ? 'Loading…' : 'No jobs yet';
  return (
    <section aria-labelledby="projects-heading">
      <h2 id="projects-heading">Projects</h2>
      {projects.value.projects.length === 0 ? (
        <p className="empty">
          No projects in this organization yet. They appear when the GitHub App or a GitLab webhook first
          sends an event, or when an admin creates one through the API.
        </p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col">Platform</th>
                <th scope="col">Last job</th>
                <th scope="col">Recent agents</th>
              </tr>
            </thead>
            <tbody>
              {projects.value.projects.map((project) => {
                const entry = summary.get(project.id);
                return (
                  <tr key={project.id}>
                    <td>
                      <a href={`#/projects/${project.id}`}>{project.name}</a>
                      {project.deactivatedAt ? <span className="muted"> (deactivated)</span> : null}
                    </td>
                    <td>{project.platform}</td>
                    <td>
                      {entry ? (
                        <>
                          <StatusBadge status={entry.last.status} />{' '}
                          <span className="muted">{formatTime(entry.last.queuedAt)}</span>
                        </>
                      ) : (
                        <span className="muted">{noJobs}</span>
                      )}
                    </td>
                    <td>{entry ? [...entry.agents].sort().join(', ') : '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {jobs.state === 'error' ? <p className="muted">Job status is unavailable: {jobs.message}</p> : null}
    </section>
  );
}
