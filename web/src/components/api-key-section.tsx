import { type FormEvent, useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { ApiKey, CreatedApiKey } from '../api-types.js';
import { formatTime } from '../format.js';
import { useCanManage } from '../session.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { OneTimeSecret } from './one-time-secret.js';

/** The project's gateway API keys: everyone reads the list; admins create (the key is shown once) and revoke. */
export function ApiKeySection({ projectId, organizationId }: { projectId: string; organizationId: string }) {
  const id = useId();
  const canManage = useCanManage(organizationId);
  const [keys, reload] = useApi<{ keys: ApiKey[] }>(`/projects/${projectId}/keys`);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedApiKey & { name: string }>();
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setCreated(undefined);
    setBusy(true);
    try {
      const answer = await api<CreatedApiKey>('POST', `/projects/${projectId}/keys`, { name: name.trim() });
      setCreated({ ...answer, name: name.trim() });
      setName('');
      reload();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (key: ApiKey) => {
    if (
      !window.confirm(`Revoke the key ${key.name} (${key.prefix}…)? Clients using it stop working at once.`)
    ) {
      return;
    }
    setError(undefined);
    try {
      await api('DELETE', `/projects/${projectId}/keys/${key.id}`);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      reload();
    }
  };
  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>API keys</h2>
      <p className="muted">
        Clients call the gateway (<code>/v1</code>) with one of these keys. Only a key’s prefix is kept: the
        whole key is shown once, when it is created.
      </p>
      {keys.state === 'loading' ? <Loading what="API keys" /> : null}
      {keys.state === 'error' ? <ErrorBanner message={keys.message} /> : null}
      {keys.state === 'ready' && keys.value.keys.length === 0 ? (
        <p className="empty">No API keys yet.{canManage ? ' Create one below.' : ''}</p>
      ) : null}
      {keys.state === 'ready' && keys.value.keys.length > 0 ? (
        <div className="table-wrap">
          <table aria-labelledby={`${id}-heading`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                {canManage ? (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {keys.value.keys.map((key) => (
                <tr key={key.id}>
                  <th scope="row">
                    {key.name}
                    {key.revokedAt ? (
                      <div>
                        <span className="badge badge-neutral">revoked {formatTime(key.revokedAt)}</span>
                      </div>
                    ) : null}
                  </th>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td className="nowrap">{formatTime(key.createdAt)}</td>
                  <td className="nowrap">{key.lastUsedAt ? formatTime(key.lastUsedAt) : 'never'}</td>
                  {canManage ? (
                    <td className="actions">
                      {key.revokedAt ? null : (
                        <button type="button" className="small danger" onClick={() => void revoke(key)}>
                          Revoke<span className="visually-hidden"> {key.name}</span>
                        </button>
                      )}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ErrorBanner message={error} />
      {created ? (
        <OneTimeSecret
          label={`New API key ${created.name}`}
          value={created.key}
          note="this is the only time the whole key is shown. Store it in your client's secrets; if it is lost, revoke it and create another."
          onDone={() => setCreated(undefined)}
        />
      ) : null}
      {canManage ? (
        <form onSubmit={create} aria-labelledby={`${id}-create`} className="subform">
          <h3 id={`${id}-create`}>Create a key</h3>
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            required
            maxLength={200}
            placeholder="ci, staging, laptop…"
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
          <button type="submit" disabled={busy}>
            Create key
          </button>
        </form>
      ) : null}
    </section>
  );
}
