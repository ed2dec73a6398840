/** A user's role in one organization, from most to least powerful. */
export type OrganizationRole = 'owner' | 'admin' | 'member' | 'viewer';

/** Every role, most powerful first. */
export const organizationRoles: readonly OrganizationRole[] = ['owner', 'admin', 'member', 'viewer'];

/** The session a user principal came with (CSRF tokens are derived from it). */
export interface PrincipalSession {
  id: string;
  csrfSecret: string;
}

/**
 * Who is calling the API. New ways to sign in (OIDC) produce a `user` with a session like a password
 * sign-in does, so nothing downstream changes.
 * - `admin-token`: the bootstrap superuser from ADMIN_TOKEN; may do everything everywhere.
 * - `user`: a signed-in person with a role per organization.
 * - `api-key`: a project's gateway key; may read its own project's usage and nothing else.
 */
export type Principal =
  | { type: 'admin-token' }
  | {
      type: 'user';
      userId: string;
      email: string;
      name: string;
      /** Role per organization id. */
      memberships: ReadonlyMap<string, OrganizationRole>;
      session: PrincipalSession;
    }
  | { type: 'api-key'; apiKeyId: string; projectId: string; organizationId: string };
