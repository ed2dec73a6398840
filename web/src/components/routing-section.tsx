import type { RoutingRule } from '../api-types.js';
import { RoutingForm } from './routing-form.js';

interface RoutingSectionProps {
  projectId: string;
  routing: Record<string, RoutingRule>;
  /** False: the rules are shown, not offered for change (the API would refuse the caller). */
  canManage: boolean;
  onChanged: () => void;
}

/** The routing rule per agent (`default` for the gateway and agents without their own rule). */
export function RoutingSection({ projectId, routing, canManage, onChanged }: RoutingSectionProps) {
  const agents = Object.keys(routing).sort();
  return (
    <section aria-labelledby="routing-heading" className="panel">
      <h2 id="routing-heading">Routing</h2>
      {agents.length === 0 ? (
        <p className="empty">No routing rules: the server's default models apply (ROUTER_DEFAULT_MODELS).</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">Policy</th>
                <th scope="col">Candidate models, in order</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr key={agent}>
                  <th scope="row">{agent}</th>
                  <td>{routing[agent]!.policy}</td>
                  <td>
                    {routing[agent]!.models.map((model) => (
                      <code key={model} className="chip">
                        {model}
                      </code>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canManage ? (
        <RoutingForm projectId={projectId} routing={routing} onSaved={onChanged} />
      ) : (
        <p className="read-only-note">Changing routing takes the admin or owner role.</p>
      )}
    </section>
  );
}
