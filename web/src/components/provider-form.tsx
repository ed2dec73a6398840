import { type FormEvent, useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { Provider } from '../api-types.js';
import { ErrorBanner } from './error-banner.js';

interface ProviderFormProps {
  basePath: string;
  /** The provider being replaced, or undefined to add one. */
  editing: Provider | undefined;
  onSaved: () => void;
  onCancel: () => void;
}

const kinds = ['openai', 'anthropic', 'openai-compatible'] as const;

/** Adds or replaces one provider credential; the key field is a password input and never prefilled. */
export function ProviderForm({ basePath, editing, onSaved, onCancel }: ProviderFormProps) {
  const id = useId();
  const [name, setName] = useState(editing?.name ?? '');
  const [kind, setKind] = useState(editing?.kind ?? 'openai');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '');
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setBusy(true);
    try {
      const body: Record<string, unknown> = { kind, baseUrl: baseUrl.trim() === '' ? null : baseUrl.trim() };
      // Replacing without typing a key keeps the stored one.
      if (apiKey.trim() !== '') body.apiKey = apiKey.trim();
      await api('PUT', `${basePath}/providers/${encodeURIComponent(name.trim())}`, body);
      setApiKey('');
      if (!editing) setName('');
      onSaved();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="subform" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>{editing ? `Replace ${editing.name}` : 'Add a provider'}</h3>
      <div className="field-row">
        <div>
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            required
            pattern="[a-z0-9][a-z0-9._\-]{0,62}"
            title="Lower-case letters, digits, - and _: the prefix in model names, such as openai or groq"
            placeholder="openai, anthropic, groq…"
            readOnly={editing !== undefined}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select id={`${id}-kind`} value={kind} onChange={(event) => setKind(event.target.value)}>
            {kinds.map((option) => (
              <option key={option}>{option}</option>
            ))}
          </select>
        </div>
      </div>
      <label htmlFor={`${id}-base-url`}>Base URL (optional)</label>
      <input
        id={`${id}-base-url`}
        type="url"
        placeholder="https://api.groq.com/openai/v1"
        value={baseUrl}
        onChange={(event) => setBaseUrl(event.target.value)}
      />
      <label htmlFor={`${id}-key`}>API key{editing ? ' (leave empty to keep the stored key)' : ''}</label>
      <input
        id={`${id}-key`}
        type="password"
        autoComplete="off"
        value={apiKey}
        onChange={(event) => setApiKey(event.target.value)}
      />
      <ErrorBanner message={error} />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Replace provider' : 'Save provider'}
        </button>
        {editing ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
