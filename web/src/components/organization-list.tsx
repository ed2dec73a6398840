import { useApi } from '../use-api.js';
import { ErrorBanner } from './error-banner.js';

interface Organization {
  id: string;
  name: string;
  platform?: string;
}

/** The organizations the signed-in user belongs to. */
export function OrganizationList() {
  const [organizations] = useApi<Organization[]>('/orgs');
  if (organizations.state === 'loading') return <p aria-busy="true">Loading organizations…</p>;
  if (organizations.state === 'error') return <ErrorBanner message={organizations.message} />;
  if (organizations.value.length === 0) {
    return (
      <p className="empty">
        No organizations yet. Install the GitHub App, add a GitLab webhook, or ask an admin to invite you.
      </p>
    );
  }
  return (
    <section aria-labelledby="organizations-heading">
      <h2 id="organizations-heading">Organizations</h2>
      <ul className="cards">
        {organizations.value.map((organization) => (
          <li key={organization.id}>
            <a href={`#/orgs/${organization.id}`}>{organization.name}</a>
            {organization.platform ? <span className="muted"> · {organization.platform}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
