import type { AuditEvent } from '../api-types.js';
import { formatTime } from '../format.js';

interface AuditTableProps {
  events: AuditEvent[];
  /** Project names by id and member emails by actor (`user:<id>`). */
  names: Map<string, string>;
  caption?: string;
}

function describeTarget(event: AuditEvent, projectNames: Map<string, string>): string {
  const project = event.projectId ? (projectNames.get(event.projectId) ?? event.projectId) : undefined;
  const target = event.targetType ? `${event.targetType}${event.targetId ? ` ${event.targetId}` : ''}` : '';
  return [project, target].filter(Boolean).join(' · ') || '—';
}

/** Audit events, newest first; details (never secrets) folded away. */
export function AuditTable({ events, names, caption }: AuditTableProps) {
  return (
    <div className="table-wrap">
      <table className="audit">
        {caption ? <caption className="visually-hidden">{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td className="nowrap">{formatTime(event.createdAt)}</td>
              <td className="break" title={event.actor}>
                {names.get(event.actor) ?? event.actor}
              </td>
              <td>
                <code>{event.action}</code>
              </td>
              <td className="break small">{describeTarget(event, names)}</td>
              <td className="nowrap">{event.ipAddress ?? '—'}</td>
              <td>
                {event.details && Object.keys(event.details as object).length > 0 ? (
                  <details>
                    <summary>Show</summary>
                    <pre>{JSON.stringify(event.details, null, 2)}</pre>
                  </details>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
