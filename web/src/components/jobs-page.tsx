import { useMemo, useState } from 'react';
import type { ListedRecord } from '../api-types.js';
import { formatUsd } from '../format.js';
import { useOrganizationName, useRole } from '../session.js';
import { useApi } from '../use-api.js';
import { useJobs } from '../use-jobs.js';
import { useLiveEvents } from '../use-live-events.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { JobsTable } from './jobs-table.js';
import { LiveIndicator } from './live-indicator.js';
import { RoleBadge } from './status-badge.js';

const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled', 'superseded'];
const agents = ['review', 'describe', 'ask', 'command', 'config'];

/** Recent jobs of an organization, updated live over Server-Sent Events. */
export function JobsPage({ organizationId }: { organizationId: string }) {
  const organizationName = useOrganizationName(organizationId);
  const role = useRole(organizationId);
  const [projects] = useApi<{ projects: ListedRecord[] }>(`/orgs/${organizationId}/projects`);
  const [projectId, setProjectId] = useState('');
  const [status, setStatus] = useState('');
  const [agent, setAgent] = useState('');
  const filters = useMemo(() => ({ projectId, status, agent }), [projectId, status, agent]);
  const jobs = useJobs(organizationId, filters);
  const [liveSpend, setLiveSpend] = useState(0);
  const live = useLiveEvents(organizationId, {
    onJob: jobs.applyEvent,
    onReconnect: () => void jobs.refresh(),
    onUsage: (event) => {
      if (!projectId || event.projectId === projectId) setLiveSpend((spent) => spent + event.costUsd);
    },
  });
  const projectList = projects.state === 'ready' ? projects.value.projects : [];
  const projectNames = new Map(projectList.map((project) => [project.id, project.name]));
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Organizations</a> / <a href={`#/orgs/${organizationId}`}>{organizationName}</a> /{' '}
        <span aria-current="page">Jobs</span>
      </nav>
      <div className="page-title">
        <h1>Jobs</h1>
        <RoleBadge role={role} />
        <LiveIndicator state={live} />
        <p className="live-spend" aria-live="polite">
          Spend since this page opened: <strong>{formatUsd(liveSpend)}</strong>
        </p>
      </div>
      <form className="filters" aria-label="Filter jobs" onSubmit={(event) => event.preventDefault()}>
        <div>
          <label htmlFor="jobs-project">Project</label>
          <select id="jobs-project" value={projectId} onChange={(event) => setProjectId(event.target.value)}>
            <option value="">All projects</option>
            {projectList.map((project) => (
              <option key={project.id} value={project.id}>
                {project.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="jobs-status">Status</label>
          <select id="jobs-status" value={status} onChange={(event) => setStatus(event.target.value)}>
            <option value="">Any status</option>
            {statuses.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="jobs-agent">Agent</label>
          <select id="jobs-agent" value={agent} onChange={(event) => setAgent(event.target.value)}>
            <option value="">Any agent</option>
            {agents.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
      </form>
      {jobs.state === 'loading' ? <Loading what="jobs" /> : null}
      <ErrorBanner message={jobs.error} />
      {jobs.state === 'ready' && jobs.jobs.length === 0 ? (
        <p className="empty">
          No jobs {projectId || status || agent ? 'match these filters' : 'yet'}. Jobs appear here as soon as
          a pull request or a command starts one.
        </p>
      ) : null}
      {jobs.jobs.length > 0 ? (
        <JobsTable jobs={jobs.jobs} projectNames={projectNames} onRerun={() => void jobs.refresh()} />
      ) : null}
      {jobs.hasMore ? (
        <button type="button" className="secondary" onClick={() => void jobs.loadMore()}>
          Load older jobs
        </button>
      ) : null}
    </>
  );
}
