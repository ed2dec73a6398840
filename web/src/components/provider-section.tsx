import { useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { Provider } from '../api-types.js';
import { ErrorBanner } from './error-banner.js';
import { ProviderForm } from './provider-form.js';
import { ProviderTestResult, type TestOutcome } from './provider-test-result.js';

/** What `POST …/providers/:name/test` answers. */
interface ProviderCheck {
  ok: boolean;
  model?: string;
  latencyMs?: number;
  error?: { code: string; message: string };
}

interface ProviderSectionProps {
  /** `/projects/:id` or `/orgs/:id` */
  basePath: string;
  providers: Provider[];
  scope: 'project' | 'organization';
  /** False: keys are listed, not offered for testing or change (the API would refuse the caller). */
  canManage: boolean;
  onChanged: () => void;
}

/** Provider credentials in force: keys only ever shown masked, as the API returns them. */
export function ProviderSection({ basePath, providers, scope, canManage, onChanged }: ProviderSectionProps) {
  const [editing, setEditing] = useState<Provider | undefined>();
  const [error, setError] = useState<string>();
  const [tests, setTests] = useState<Record<string, TestOutcome>>({});
  const remove = async (name: string) => {
    if (!window.confirm(`Remove the ${name} credential from this ${scope}?`)) return;
    setError(undefined);
    try {
      await api('DELETE', `${basePath}/providers/${encodeURIComponent(name)}`);
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };
  const test = async (name: string) => {
    setTests((current) => ({ ...current, [name]: { state: 'running' } }));
    try {
      const path = `${basePath}/providers/${encodeURIComponent(name)}/test`;
      const result = await api<ProviderCheck>('POST', path);
      // The API's error is an object: rendering it as is would crash React and blank the page.
      const error = result.error ? `${result.error.message} (${result.error.code})` : undefined;
      setTests((current) => ({ ...current, [name]: { state: 'done', ...result, error } }));
    } catch (failure) {
      setTests((current) => ({
        ...current,
        [name]: { state: 'done', ok: false, error: describeError(failure) },
      }));
    }
  };
  return (
    <section aria-labelledby={`${scope}-providers-heading`} className="panel">
      <h2 id={`${scope}-providers-heading`}>
        {scope === 'project' ? 'Providers' : 'Organization providers'}
      </h2>
      <p className="muted">
        Keys are write-only: after saving, only a masked hint is shown.
        {scope === 'project' ? ' A project credential wins over the organization’s and the server’s.' : ''}
      </p>
      {providers.length === 0 ? (
        <p className="empty">No provider credentials yet.{canManage ? ' Add one below.' : ''}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {providers.map((provider) => (
                <tr key={provider.name}>
                  <th scope="row">
                    {provider.name}
                    {provider.baseUrl ? <div className="muted small break">{provider.baseUrl}</div> : null}
                  </th>
                  <td>
                    <code>{provider.keyHint ?? 'no key'}</code>
                    <div className="muted small">
                      {provider.kind} · from {provider.source}
                    </div>
                  </td>
                  {canManage ? (
                    <td className="actions">
                      <button type="button" className="small" onClick={() => void test(provider.name)}>
                        Test <span className="visually-hidden">{provider.name}</span>
                      </button>
                      {provider.source === scope ? (
                        <>
                          <button
                            type="button"
                            className="small secondary"
                            onClick={() => setEditing(provider)}
                          >
                            Replace <span className="visually-hidden">{provider.name}</span>
                          </button>
                          <button
                            type="button"
                            className="small danger"
                            onClick={() => void remove(provider.name)}
                          >
                            Remove <span className="visually-hidden">{provider.name}</span>
                          </button>
                        </>
                      ) : null}
                      <ProviderTestResult outcome={tests[provider.name]} />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorBanner message={error} />
      {canManage ? (
        <ProviderForm
          key={editing?.name ?? 'new'}
          basePath={basePath}
          editing={editing}
          onCancel={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            onChanged();
          }}
        />
      ) : (
        <p className="read-only-note">
          Adding, testing, replacing and removing keys takes the admin or owner role.
        </p>
      )}
    </section>
  );
}
