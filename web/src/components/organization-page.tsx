import type { Organization } from '../api-types.js';
import { useCanManage, useRole } from '../session.js';
import { useApi } from '../use-api.js';
import { BudgetForm } from './budget-form.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { ProjectTable } from './project-table.js';
import { ProviderSection } from './provider-section.js';
import { RoleBadge } from './status-badge.js';
import { UsageSection } from './usage-section.js';

/** One organization: its projects, their usage, its budget and the providers its projects inherit. */
export function OrganizationPage({ organizationId }: { organizationId: string }) {
  const role = useRole(organizationId);
  const canManage = useCanManage(organizationId);
  const [organization, reload] = useApi<Organization>(`/orgs/${organizationId}`);
  if (organization.state === 'loading') return <Loading what="organization" />;
  if (organization.state === 'error') return <ErrorBanner message={organization.message} />;
  const { name, budget, providers } = organization.value;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Organizations</a> / <span aria-current="page">{name}</span>
      </nav>
      <div className="page-title">
        <h1>{name}</h1>
        <RoleBadge role={role} />
        <nav aria-label="Organization pages" className="page-links">
          <a href={`#/orgs/${organizationId}/jobs`}>Jobs</a>
          <a href={`#/orgs/${organizationId}/members`}>Members</a>
          <a href={`#/orgs/${organizationId}/audit`}>Audit log</a>
        </nav>
      </div>
      <ProjectTable organizationId={organizationId} />
      <UsageSection organizationId={organizationId} title="Organization usage" />
      <div className="columns">
        <BudgetForm
          path={`/orgs/${organizationId}/budget`}
          budget={budget}
          title="Organization budget"
          description="Limits for all projects together, in USD per UTC day and month."
          canManage={canManage}
          onSaved={reload}
        />
        <ProviderSection
          basePath={`/orgs/${organizationId}`}
          providers={providers}
          scope="organization"
          canManage={canManage}
          onChanged={reload}
        />
      </div>
    </>
  );
}
