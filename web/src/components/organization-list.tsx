import { useContext } from 'react';
import type { ListedRecord } from '../api-types.js';
import { SessionContext } from '../session.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { RoleBadge } from './status-badge.js';

/** The organizations the signed-in user belongs to, with their role in each. */
export function OrganizationList() {
  const me = useContext(SessionContext);
  const [organizations] = useApi<{ organizations: ListedRecord[] }>('/orgs');
  if (organizations.state === 'loading') return <Loading what="organizations" />;
  if (organizations.state === 'error') return <ErrorBanner message={organizations.message} />;
  const list = organizations.value.organizations;
  const roleIn = (id: string) => me?.memberships?.find((m) => m.organizationId === id)?.role;
  return (
    <section aria-labelledby="organizations-heading">
      <h1 id="organizations-heading">Organizations</h1>
      {list.length === 0 ? (
        <p className="empty">
          No organizations yet. Install the GitHub App, add a GitLab webhook, or ask an admin to invite you.
        </p>
      ) : (
        <ul className="cards">
          {list.map((organization) => (
            <li key={organization.id}>
              <div className="card-title">
                <a href={`#/orgs/${organization.id}`}>{organization.name}</a>
                <RoleBadge role={roleIn(organization.id)} />
              </div>
              <span className="muted">{organization.platform}</span>
              <nav className="card-links" aria-label={`${organization.name} pages`}>
                <a href={`#/orgs/${organization.id}`}>Projects and settings</a>
                <a href={`#/orgs/${organization.id}/jobs`}>Jobs</a>
                <a href={`#/orgs/${organization.id}/audit`}>Audit log</a>
              </nav>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
