import type { ProjectSettings } from '../api-types.js';
import { useCanManage, useRole } from '../session.js';
import { useApi } from '../use-api.js';
import { AlertChannelSection } from './alert-channel-section.js';
import { ApiKeySection } from './api-key-section.js';
import { BudgetForm } from './budget-form.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { ProviderSection } from './provider-section.js';
import { RoutingSection } from './routing-section.js';
import { RoleBadge } from './status-badge.js';
import { UsageSection } from './usage-section.js';

/** One project's settings: providers, routing, budget and usage. */
export function ProjectPage({ projectId }: { projectId: string }) {
  const [project, reload] = useApi<ProjectSettings>(`/projects/${projectId}`);
  const organizationId = project.state === 'ready' ? project.value.organizationId : undefined;
  const role = useRole(organizationId);
  const canManage = useCanManage(organizationId);
  if (project.state === 'loading') return <Loading what="project" />;
  if (project.state === 'error') return <ErrorBanner message={project.message} />;
  const settings = project.value;
  const orgLink = `#/orgs/${settings.organizationId}`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Organizations</a> / <a href={orgLink}>{settings.organizationName}</a> /{' '}
        <span aria-current="page">{settings.name}</span>
      </nav>
      <div className="page-title">
        <h1>{settings.name}</h1>
        <RoleBadge role={role} />
        <nav aria-label="Organization pages" className="page-links">
          <a href={`${orgLink}/jobs`}>Jobs</a>
          <a href={`${orgLink}/members`}>Members</a>
          <a href={`${orgLink}/audit`}>Audit log</a>
        </nav>
      </div>
      <UsageSection projectId={projectId} organizationId={settings.organizationId} />
      <div className="columns">
        <div>
          <ProviderSection
            basePath={`/projects/${projectId}`}
            providers={settings.providers}
            scope="project"
            canManage={canManage}
            onChanged={reload}
          />
          <ApiKeySection projectId={projectId} organizationId={settings.organizationId} />
        </div>
        <div>
          <BudgetForm
            path={`/projects/${projectId}/budget`}
            budget={settings.budget}
            title="Budget"
            description="This project's limits in USD per UTC day and month; the organization's limits apply too."
            canManage={canManage}
            onSaved={reload}
          />
          <AlertChannelSection
            projectId={projectId}
            organizationId={settings.organizationId}
            projectName={settings.name}
          />
          <RoutingSection
            projectId={projectId}
            routing={settings.routing}
            canManage={canManage}
            onChanged={reload}
          />
        </div>
      </div>
    </>
  );
}
