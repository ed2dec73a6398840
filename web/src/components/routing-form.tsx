import { type FormEvent, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { RoutingRule } from '../api-types.js';
import { ErrorBanner } from './error-banner.js';

const policies = ['fallback', 'cheapest', 'fastest', 'weighted'] as const;
const agents = ['default', 'review', 'describe', 'ask'] as const;

interface RoutingFormProps {
  projectId: string;
  routing: Record<string, RoutingRule>;
  onSaved: () => void;
}

/** Sets one agent's policy and candidate models (`provider:model`, one per line). */
export function RoutingForm({ projectId, routing, onSaved }: RoutingFormProps) {
  const [agent, setAgent] = useState<string>('default');
  const [policy, setPolicy] = useState(routing.default?.policy ?? 'fallback');
  const [models, setModels] = useState((routing.default?.models ?? []).join('\n'));
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const pickAgent = (next: string) => {
    setAgent(next);
    setPolicy(routing[next]?.policy ?? 'fallback');
    setModels((routing[next]?.models ?? []).join('\n'));
    setSaved(false);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    const list = models
      .split(/[\n,]/)
      .map((model) => model.trim())
      .filter(Boolean);
    try {
      await api('PUT', `/projects/${projectId}/routing`, { agent, policy, models: list });
      setSaved(true);
      onSaved();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  return (
    <form onSubmit={submit} className="subform" aria-labelledby="routing-form-heading">
      <h3 id="routing-form-heading">Change a rule</h3>
      <div className="field-row">
        <div>
          <label htmlFor="routing-agent">Agent</label>
          <select id="routing-agent" value={agent} onChange={(event) => pickAgent(event.target.value)}>
            {agents.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="routing-policy">Policy</label>
          <select id="routing-policy" value={policy} onChange={(event) => setPolicy(event.target.value)}>
            {policies.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </div>
      </div>
      <label htmlFor="routing-models">Candidate models (provider:model, one per line)</label>
      <textarea
        id="routing-models"
        rows={3}
        required
        placeholder={'openai:gpt-4.1-mini\nanthropic:claude-haiku-4-5'}
        value={models}
        onChange={(event) => setModels(event.target.value)}
      />
      <ErrorBanner message={error} />
      {saved ? <p role="status">Routing for {agent} saved.</p> : null}
      <button type="submit">Save routing</button>
    </form>
  );
}
