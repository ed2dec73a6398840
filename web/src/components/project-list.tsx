import { useApi } from '../use-api.js';
import { ErrorBanner } from './error-banner.js';

interface Project {
  id: string;
  name: string;
  platform?: string;
}

/** The projects (repositories) of one organization. */
export function ProjectList({ organizationId }: { organizationId: string }) {
  const [projects] = useApi<Project[]>(`/orgs/${organizationId}/projects`);
  if (projects.state === 'loading') return <p aria-busy="true">Loading projects…</p>;
  if (projects.state === 'error') return <ErrorBanner message={projects.message} />;
  if (projects.value.length === 0) return <p className="empty">No projects in this organization yet.</p>;
  return (
    <table>
      <caption>Projects</caption>
      <thead>
        <tr>
          <th scope="col">Repository</th>
          <th scope="col">Platform</th>
        </tr>
      </thead>
      <tbody>
        {projects.value.map((project) => (
          <tr key={project.id}>
            <td>
              <a href={`#/projects/${project.id}`}>{project.name}</a>
            </td>
            <td>{project.platform ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
