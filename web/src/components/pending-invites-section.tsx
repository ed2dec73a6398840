import { useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { PendingInvite } from '../api-types.js';
import { formatTime } from '../format.js';
import type { Loaded } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';

function describeInviter(invite: PendingInvite): string {
  if (invite.createdByUser) return invite.createdByUser.name || invite.createdByUser.email;
  return invite.createdBy === 'admin-token' ? 'the admin token' : 'a removed user';
}

/**
 * The invite links not yet used, with a Revoke button each (admin+; an invite to owner only for an owner,
 * as for creating one). The members page loads the list, so a new invite shows up here at once.
 */
export function PendingInvitesSection({
  organizationId,
  invites,
  reload,
  canRevokeOwnerInvites,
  onRevoked,
}: {
  organizationId: string;
  invites: Loaded<{ invites: PendingInvite[] }>;
  reload: () => void;
  canRevokeOwnerInvites: boolean;
  /** An invite was revoked: a link of it still on screen must go. */
  onRevoked?: (inviteId: string) => void;
}) {
  const id = useId();
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const revoke = async (invite: PendingInvite) => {
    if (!window.confirm(`Revoke the invite for ${invite.email}? The link stops working at once.`)) return;
    setError(undefined);
    setStatus(undefined);
    setBusy(invite.id);
    try {
      await api('DELETE', `/orgs/${organizationId}/invites/${invite.id}`);
      setStatus(`The invite for ${invite.email} was revoked.`);
      onRevoked?.(invite.id);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(undefined);
      reload();
    }
  };
  return (
    <section aria-labelledby={`${id}-heading`} className="panel">
      <h2 id={`${id}-heading`}>Pending invites</h2>
      <ErrorBanner message={error} />
      {status ? <p role="status">{status}</p> : null}
      {invites.state === 'loading' ? <Loading what="invites" /> : null}
      {invites.state === 'error' ? <ErrorBanner message={invites.message} /> : null}
      {invites.state === 'ready' && invites.value.invites.length === 0 ? (
        <p className="empty">
          No pending invites: links that were accepted, revoked or expired are not listed.
        </p>
      ) : null}
      {invites.state === 'ready' && invites.value.invites.length > 0 ? (
        <div className="table-wrap">
          <table aria-labelledby={`${id}-heading`}>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Invited by</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {invites.value.invites.map((invite) => (
                <tr key={invite.id}>
                  <th scope="row">{invite.email}</th>
                  <td>{invite.role}</td>
                  <td>{describeInviter(invite)}</td>
                  <td className="nowrap">{formatTime(invite.expiresAt)}</td>
                  <td className="actions">
                    {invite.role !== 'owner' || canRevokeOwnerInvites ? (
                      <button
                        type="button"
                        className="small danger"
                        disabled={busy === invite.id}
                        onClick={() => void revoke(invite)}
                      >
                        Revoke<span className="visually-hidden"> invite for {invite.email}</span>
                      </button>
                    ) : (
                      <span className="muted small">Only an owner can revoke it</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
