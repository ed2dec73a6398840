import { useState } from 'react';
import type { AuditEvent, ListedRecord } from '../api-types.js';
import { isoDay } from '../format.js';
import { useOrganizationName } from '../session.js';
import { useApi } from '../use-api.js';
import { AuditFilters, type AuditFilterValues, noAuditFilters } from './audit-filters.js';
import { AuditTable } from './audit-table.js';
import { ErrorBanner, Loading } from './error-banner.js';

function auditQuery(filters: AuditFilterValues, before: string | undefined): string {
  const params = new URLSearchParams({ limit: '50' });
  if (filters.action.trim()) params.set('action', filters.action.trim());
  if (filters.actor.trim()) params.set('actor', filters.actor.trim());
  if (filters.projectId) params.set('projectId', filters.projectId);
  if (filters.from) params.set('from', filters.from);
  // The form's "to" day is inclusive; the API's `to` is exclusive.
  if (filters.to) params.set('to', isoDay(new Date(Date.parse(`${filters.to}T00:00:00Z`) + 86_400_000)));
  if (before) params.set('before', before);
  return params.toString();
}

/** Who changed what, when and from where; filterable and paged. */
export function AuditPage({ organizationId }: { organizationId: string }) {
  const organizationName = useOrganizationName(organizationId);
  const [filters, setFilters] = useState(noAuditFilters);
  const [pages, setPages] = useState<Array<string | undefined>>([undefined]);
  const [projects] = useApi<{ projects: ListedRecord[] }>(`/orgs/${organizationId}/projects`);
  const [members] = useApi<{ members: Array<{ id: string; email: string }> }>(
    `/orgs/${organizationId}/members`,
  );
  const projectList = projects.state === 'ready' ? projects.value.projects : [];
  const names = new Map<string, string>(projectList.map((project) => [project.id, project.name]));
  for (const member of members.state === 'ready' ? members.value.members : []) {
    names.set(`user:${member.id}`, member.email);
  }
  const apply = (next: AuditFilterValues) => {
    setFilters(next);
    setPages([undefined]);
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Organizations</a> / <a href={`#/orgs/${organizationId}`}>{organizationName}</a> /{' '}
        <span aria-current="page">Audit log</span>
      </nav>
      <h1>Audit log</h1>
      <p className="muted">
        Every change of settings, keys, budgets and roles, with who, when and from where.
      </p>
      <AuditFilters projects={projectList} onApply={apply} />
      {pages.map((before, index) => (
        <AuditPageOfEvents
          key={`${before ?? 'first'}-${JSON.stringify(filters)}`}
          path={`/orgs/${organizationId}/audit?${auditQuery(filters, before)}`}
          first={index === 0}
          names={names}
          onMore={index === pages.length - 1 ? (next) => setPages((list) => [...list, next]) : undefined}
        />
      ))}
    </>
  );
}

interface PageProps {
  path: string;
  first: boolean;
  /** Project names by id and member emails by actor (`user:<id>`). */
  names: Map<string, string>;
  onMore: ((before: string) => void) | undefined;
}

function AuditPageOfEvents({ path, first, names, onMore }: PageProps) {
  const [page] = useApi<{ events: AuditEvent[]; nextBefore?: string }>(path);
  if (page.state === 'loading') return <Loading what="audit events" />;
  if (page.state === 'error') return <ErrorBanner message={page.message} />;
  const { events, nextBefore } = page.value;
  if (first && events.length === 0) return <p className="empty">No audit events match these filters.</p>;
  return (
    <>
      <AuditTable events={events} names={names} caption={first ? 'Audit events' : undefined} />
      {onMore && nextBefore ? (
        <button type="button" className="secondary" onClick={() => onMore(nextBefore)}>
          Load older events
        </button>
      ) : null}
    </>
  );
}
