import type { ProjectStatus, RepositoryConfigStatus } from '../api-types.js';
import { formatTime } from '../format.js';
import { useApi } from '../use-api.js';
import { useCoalesced } from '../use-coalesced.js';
import { useLiveEvents } from '../use-live-events.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { StatusBadge } from './status-badge.js';

/** `opened, synchronize; by command`: what starts an agent, in words. */
function describeTriggers(triggers: string[]): string {
  const events = triggers
    .filter((trigger) => trigger !== 'command')
    .map((trigger) => trigger.replaceAll('_', ' '));
  const parts = [
    events.length > 0 ? `on ${events.join(', ')}` : '',
    triggers.includes('command') ? 'by command' : '',
  ];
  return parts.filter(Boolean).join('; ');
}

/** The agents `.switchyard.yml` enables on the default branch, and where that came from. */
function EnabledAgents({ config }: { config: RepositoryConfigStatus | null }) {
  if (!config) return <span className="muted">Not read yet: the first job reads .switchyard.yml</span>;
  return (
    <>
      {config.agents.length === 0 ? (
        <span>None enabled</span>
      ) : (
        <ul className="agent-list">
          {config.agents.map(({ agent, triggers }) => (
            <li key={agent}>
              <strong>{agent}</strong> <span className="muted">{describeTriggers(triggers)}</span>
            </li>
          ))}
        </ul>
      )}
      <span className={config.source === 'invalid' ? 'config-source invalid' : 'config-source'}>
        {config.source === 'file'
          ? 'From .switchyard.yml'
          : config.source === 'invalid'
            ? '.switchyard.yml has problems: the defaults apply'
            : 'No .switchyard.yml: the defaults apply'}
        {config.commandPrefix ? `, commands start with ${config.commandPrefix}` : ''}
      </span>
    </>
  );
}

/** The projects (repositories) of one organization: newest event and job, and the agents they run. */
export function ProjectTable({ organizationId }: { organizationId: string }) {
  const [projects, reload] = useApi<{ projects: ProjectStatus[] }>(`/orgs/${organizationId}/projects`);
  // A job starting or ending changes a "Last job" cell: read the table again, at most once a second.
  const reloadSoon = useCoalesced(reload, 1000);
  useLiveEvents(organizationId, { onJob: reloadSoon, onReconnect: reload });
  if (projects.state === 'loading') return <Loading what="projects" />;
  if (projects.state === 'error') return <ErrorBanner message={projects.message} />;
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
                <th scope="col">Last event</th>
                <th scope="col">Last job</th>
                <th scope="col">Enabled agents</th>
              </tr>
            </thead>
            <tbody>
              {projects.value.projects.map((project) => (
                <tr key={project.id}>
                  <th scope="row">
                    <a href={`#/projects/${project.id}`}>{project.name}</a>
                    {project.deactivatedAt ? <span className="muted"> (deactivated)</span> : null}
                    <br />
                    {project.repositoryUrl ? (
                      <a className="small" href={project.repositoryUrl} target="_blank" rel="noreferrer">
                        Repository on {project.platform === 'gitlab' ? 'GitLab' : 'GitHub'}
                      </a>
                    ) : (
                      <span className="muted small">{project.platform}</span>
                    )}
                  </th>
                  <td>
                    {project.lastEvent ? (
                      <>
                        <code>{project.lastEvent.event}</code>
                        <br />
                        <span className="muted small">{formatTime(project.lastEvent.at)}</span>
                      </>
                    ) : (
                      <span className="muted">No events yet</span>
                    )}
                  </td>
                  <td>
                    {project.lastJob ? (
                      <>
                        <StatusBadge status={project.lastJob.status} /> {project.lastJob.agent}
                        {project.lastJob.resultUrl ? (
                          <>
                            {' '}
                            <a href={project.lastJob.resultUrl} target="_blank" rel="noreferrer">
                              result
                            </a>
                          </>
                        ) : null}
                        <br />
                        <span className="muted small">{formatTime(project.lastJob.queuedAt)}</span>
                      </>
                    ) : (
                      <span className="muted">No jobs yet</span>
                    )}
                  </td>
                  <td>
                    <EnabledAgents config={project.repositoryConfig} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
