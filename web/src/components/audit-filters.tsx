import { type FormEvent, useState } from 'react';
import type { ListedRecord } from '../api-types.js';

export interface AuditFilterValues {
  action: string;
  actor: string;
  projectId: string;
  from: string;
  to: string;
}

export const noAuditFilters: AuditFilterValues = { action: '', actor: '', projectId: '', from: '', to: '' };

interface AuditFiltersProps {
  projects: ListedRecord[];
  onApply: (filters: AuditFilterValues) => void;
}

/** Filters applied on submit (Enter in any field), so typing does not fire a request per key. */
export function AuditFilters({ projects, onApply }: AuditFiltersProps) {
  const [values, setValues] = useState(noAuditFilters);
  const set = (field: keyof AuditFilterValues) => (event: { target: { value: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(values);
  };
  const clear = () => {
    setValues(noAuditFilters);
    onApply(noAuditFilters);
  };
  return (
    <form className="filters" aria-label="Filter audit events" onSubmit={submit}>
      <div>
        <label htmlFor="audit-action">Action</label>
        <input
          id="audit-action"
          placeholder="budget.updated"
          value={values.action}
          onChange={set('action')}
        />
      </div>
      <div>
        <label htmlFor="audit-actor">Actor</label>
        <input id="audit-actor" placeholder="user:…" value={values.actor} onChange={set('actor')} />
      </div>
      <div>
        <label htmlFor="audit-project">Project</label>
        <select id="audit-project" value={values.projectId} onChange={set('projectId')}>
          <option value="">All projects</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>
              {project.name}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="audit-from">From</label>
        <input id="audit-from" type="date" value={values.from} onChange={set('from')} />
      </div>
      <div>
        <label htmlFor="audit-to">To (inclusive)</label>
        <input id="audit-to" type="date" value={values.to} onChange={set('to')} />
      </div>
      <div className="filter-buttons">
        <button type="submit">Apply filters</button>
        <button type="button" className="secondary" onClick={clear}>
          Clear
        </button>
      </div>
    </form>
  );
}
