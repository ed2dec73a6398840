import { type FormEvent, useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { CreatedInvite, Role } from '../api-types.js';
import { formatTime } from '../format.js';
import { ErrorBanner } from './error-banner.js';
import { OneTimeSecret } from './one-time-secret.js';

/** Invites a person by email (admin+; only an owner may invite an owner); the link is shown once. */
export function InviteForm({
  organizationId,
  canInviteOwner,
  onCreated,
  revokedIds,
}: {
  organizationId: string;
  canInviteOwner: boolean;
  /** Called once the invite exists (the pending list reloads). */
  onCreated?: () => void;
  /** Invites revoked since; the link of one of them is no longer shown. */
  revokedIds?: ReadonlySet<string>;
}) {
  const id = useId();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [invite, setInvite] = useState<CreatedInvite>();
  const roles: Role[] = canInviteOwner
    ? ['viewer', 'member', 'admin', 'owner']
    : ['viewer', 'member', 'admin'];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    setInvite(undefined);
    setBusy(true);
    try {
      setInvite(await api<CreatedInvite>('POST', `/orgs/${organizationId}/invites`, { email, role }));
      setEmail('');
      onCreated?.();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>Invite someone</h2>
      <p className="muted">
        The invite link works once and expires after 7 days. Send it to the person yourself: Switchyard sends
        no email.
      </p>
      <div className="field-row">
        <div>
          <label htmlFor={`${id}-email`}>Email</label>
          <input
            id={`${id}-email`}
            type="email"
            required
            autoComplete="off"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div>
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {roles.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" disabled={busy}>
        Create invite link
      </button>
      <ErrorBanner message={error} />
      {invite && !revokedIds?.has(invite.id) ? (
        <OneTimeSecret
          label={`Invite link for ${invite.email} (${invite.role})`}
          value={invite.url}
          note={`this link is shown only once and expires ${formatTime(invite.expiresAt)}.`}
          onDone={() => setInvite(undefined)}
        />
      ) : null}
    </form>
  );
}
