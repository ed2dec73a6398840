import { useContext, useId, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { Member, PendingInvite, Role } from '../api-types.js';
import { formatTime } from '../format.js';
import { allRoles, hasRole } from '../roles.js';
import { SessionContext, useOrganizationName, useRole } from '../session.js';
import { useApi } from '../use-api.js';
import { ErrorBanner, Loading } from './error-banner.js';
import { InviteForm } from './invite-form.js';
import { PendingInvitesSection } from './pending-invites-section.js';
import { RoleBadge } from './status-badge.js';

/** An organization's members with their roles; owners change roles and remove, admins invite and revoke invites. */
export function MembersPage({ organizationId }: { organizationId: string }) {
  const id = useId();
  const me = useContext(SessionContext);
  const role = useRole(organizationId);
  // The admin token has no membership but may do everything.
  const isAdminToken = me?.user === null;
  const canManage = isAdminToken || hasRole(role, 'owner');
  const canInvite = isAdminToken || hasRole(role, 'admin');
  const organizationName = useOrganizationName(organizationId);
  const [members, reload] = useApi<{ members: Member[] }>(`/orgs/${organizationId}/members`);
  const [invites, reloadInvites] = useApi<{ invites: PendingInvite[] }>(
    canInvite ? `/orgs/${organizationId}/invites` : undefined,
  );
  const [error, setError] = useState<string>();
  const [revokedInvites, setRevokedInvites] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const change = async (member: Member, next: Role | null) => {
    const who = member.name ?? member.email;
    if (next === null && !window.confirm(`Remove ${who} from ${organizationName}?`)) return;
    setError(undefined);
    setStatus(undefined);
    setBusy(member.id);
    try {
      const path = `/orgs/${organizationId}/members/${member.id}`;
      if (next === null) await api('DELETE', path);
      else await api('PUT', path, { role: next });
      // Your own role changed: the session's memberships are out of date, so read them again.
      if (member.id === me?.user?.id) {
        window.location.reload();
        return;
      }
      setStatus(next === null ? `${who} was removed.` : `${who} is now ${next}.`);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(undefined);
      reload();
    }
  };
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/">Organizations</a> / <a href={`#/orgs/${organizationId}`}>{organizationName}</a> /{' '}
        <span aria-current="page">Members</span>
      </nav>
      <div className="page-title">
        <h1>Members</h1>
        <RoleBadge role={role} />
      </div>
      <section aria-labelledby={`${id}-heading`} className="panel">
        <h2 id={`${id}-heading`}>People in {organizationName}</h2>
        <p className="muted">
          Viewers read, members also re-run jobs, admins change settings and invite, owners manage members.
          {canManage
            ? ' An organization always keeps at least one owner.'
            : ' Only an owner can change roles.'}
        </p>
        <ErrorBanner message={error} />
        {status ? <p role="status">{status}</p> : null}
        {members.state === 'loading' ? <Loading what="members" /> : null}
        {members.state === 'error' ? <ErrorBanner message={members.message} /> : null}
        {members.state === 'ready' ? (
          <div className="table-wrap">
            <table aria-labelledby={`${id}-heading`}>
              <thead>
                <tr>
                  <th scope="col">Member</th>
                  <th scope="col">Role</th>
                  <th scope="col">Member since</th>
                  {canManage ? (
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  ) : null}
                </tr>
              </thead>
              <tbody>
                {members.value.members.map((member) => (
                  <tr key={member.id}>
                    <th scope="row">
                      {member.name ?? member.email}
                      {member.id === me?.user?.id ? <span className="muted"> (you)</span> : null}
                      {member.name ? <div className="muted small">{member.email}</div> : null}
                    </th>
                    <td>
                      {canManage ? (
                        <select
                          aria-label={`Role of ${member.email}`}
                          value={member.role}
                          disabled={busy === member.id}
                          onChange={(event) => void change(member, event.target.value as Role)}
                        >
                          {allRoles.map((value) => (
                            <option key={value} value={value}>
                              {value}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <RoleBadge role={member.role} />
                      )}
                    </td>
                    <td className="nowrap">{formatTime(member.memberSince)}</td>
                    {canManage ? (
                      <td className="actions">
                        <button
                          type="button"
                          className="small danger"
                          disabled={busy === member.id}
                          onClick={() => void change(member, null)}
                        >
                          Remove<span className="visually-hidden"> {member.email}</span>
                        </button>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      {canInvite ? (
        <>
          <InviteForm
            organizationId={organizationId}
            canInviteOwner={canManage}
            onCreated={reloadInvites}
            revokedIds={revokedInvites}
          />
          <PendingInvitesSection
            organizationId={organizationId}
            invites={invites}
            reload={reloadInvites}
            canRevokeOwnerInvites={canManage}
            onRevoked={(inviteId) => setRevokedInvites((ids) => new Set(ids).add(inviteId))}
          />
        </>
      ) : null}
    </>
  );
}
