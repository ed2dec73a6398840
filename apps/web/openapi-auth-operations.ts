import { oidcCallbackQuerySchema, oidcStartQuerySchema } from './auth-schemas.js';
import type { ManagementOperation } from './openapi-components.js';

/** Sign-in, sessions, users, invites and members (and the document itself). */
export const authOperations: ManagementOperation[] = [
  {
    method: 'GET',
    path: '/openapi.json',
    operationId: 'getOpenApiDescription',
    tag: 'meta',
    summary: 'This OpenAPI description',
    success: { status: 200, description: 'The OpenAPI 3.1 document' },
    errors: [],
    public: true,
  },
  {
    method: 'POST',
    path: '/auth/login',
    operationId: 'signIn',
    tag: 'auth',
    summary: 'Sign in with email and password; sets the session cookie',
    description:
      'An unknown email, a wrong password and a disabled account all answer the same 401 auth.invalid_credentials. ' +
      'After 5 failed sign-ins for one email from one address within 15 minutes, sign-ins for it from there answer ' +
      '429 auth.too_many_attempts with Retry-After until the window ends, even with the right password; a success ' +
      'resets the count. A session unused for SESSION_TTL_HOURS ends, and every session ends SESSION_MAX_AGE_HOURS ' +
      'after sign-in. Audited as session.create.',
    body: 'LoginBody',
    success: {
      status: 200,
      schema: 'SignedInUser',
      sessionCookie: 'set',
      description: 'The user, their organizations and roles, and the CSRF token',
    },
    errors: [400, 401, 429],
    public: true,
  },
  {
    method: 'POST',
    path: '/auth/logout',
    operationId: 'signOut',
    tag: 'auth',
    summary: 'Sign out: the session ends at once and the cookie is cleared',
    description:
      'With the session cookie (and x-csrf-token) the session is deleted and the sign-out audited as session.revoke; ' +
      'with a bearer token nothing ends and the answer only clears the cookie. An expired session answers 401 ' +
      'auth.session_expired.',
    success: { status: 204, sessionCookie: 'cleared', description: 'Signed out' },
    errors: [],
    anyPrincipal: true,
  },
  {
    method: 'GET',
    path: '/auth/me',
    operationId: 'getCurrentPrincipal',
    tag: 'auth',
    summary: 'Who is calling: the signed-in user with their organizations, roles and CSRF token',
    description:
      'The admin token and a project API key answer their type, with user and csrfToken null and no memberships.',
    success: { status: 200, schema: 'CurrentPrincipal', description: 'The caller' },
    errors: [],
    anyPrincipal: true,
  },
  {
    method: 'POST',
    path: '/auth/accept-invite',
    operationId: 'acceptInvite',
    tag: 'auth',
    summary: "Accept an invite: join its organization with the invite's role and sign in",
    description:
      'Creates an account for the invited email or, when that email has one, checks its password instead (a wrong ' +
      'one, or a disabled account: 401 auth.invalid_credentials); a membership the account has already keeps its ' +
      'role. Wrong passwords count as failed sign-ins of that account (429 auth.too_many_attempts from the same ' +
      'address), and after five the link is withdrawn. An unknown, expired or used link answers 400 invite.invalid, ' +
      'a revoked or withdrawn one 400 invite.revoked; an account created for the email meanwhile 409 ' +
      'user.email_taken (nothing kept: open the link again). Sets the session cookie like a sign-in. Audited as ' +
      'invite.accept and session.create.',
    body: 'AcceptInviteBody',
    success: {
      status: 201,
      schema: 'SignedInUser',
      sessionCookie: 'set',
      description: 'Signed in, as after POST /auth/login',
    },
    errors: [400, 401, 409, 429],
    public: true,
  },
  {
    method: 'GET',
    path: '/auth/methods',
    operationId: 'listSignInMethods',
    tag: 'auth',
    summary: 'How people can sign in: password, and single sign-on when configured',
    success: {
      status: 200,
      schema: 'AuthMethods',
      description: 'The methods; oidc is null unless OIDC_ISSUER and the rest are set',
    },
    errors: [],
    public: true,
  },
  {
    method: 'GET',
    path: '/auth/oidc/start',
    operationId: 'startSingleSignOn',
    tag: 'auth',
    summary: 'Single sign-on: send the browser to the identity provider',
    description:
      "A browser navigation, not an API call. Creates the sign-in's state, nonce and PKCE verifier (S256), keeps " +
      'them 10 minutes, ties them to this browser with an httpOnly cookie holding the state, and redirects to the ' +
      "identity provider's authorization endpoint. When the provider's discovery document cannot be read the " +
      'redirect goes to the sign-in page instead, with error=idp_unreachable or idp_misconfigured. 404 ' +
      'auth.oidc_not_configured without OIDC_ISSUER.',
    query: oidcStartQuerySchema,
    success: {
      status: 302,
      location:
        "The identity provider's authorization endpoint, or /#/sign-in?error=<reason> when it cannot be reached",
      cookies:
        'switchyard_oidc_state=<state>; Path=/api/v1/auth/oidc; HttpOnly; SameSite=Lax; Max-Age=600 (and Secure ' +
        'over https), unless the redirect goes to the sign-in page',
      description: 'Off to the identity provider',
    },
    errors: [404],
    public: true,
  },
  {
    method: 'GET',
    path: '/auth/oidc/callback',
    operationId: 'completeSingleSignOn',
    tag: 'auth',
    summary: 'Single sign-on: where the identity provider sends the browser back',
    description:
      'Registered at the identity provider as PUBLIC_URL/api/v1/auth/oidc/callback. Checks the state against ' +
      "this browser's cookie and uses it once, redeems the code (with the PKCE verifier and the client secret), " +
      'verifies the ID token (RS256 or ES256 signature with the provider key, iss, aud, azp, exp, iat, nonce), ' +
      'requires email_verified, and signs in the enabled account with that email (accounts are never created ' +
      'here). Success sets the session cookie like POST /auth/login and is audited as session.create with ' +
      'details.method oidc. Every failure redirects to /#/sign-in?error=<reason> (state_mismatch, state_expired, ' +
      'access_denied, idp_error, idp_unreachable, idp_misconfigured, token_rejected, id_token_invalid, ' +
      'email_missing, email_unverified, unknown_user, account_disabled, sign_in_failed; email_unverified, ' +
      'unknown_user and account_disabled add &email=), and the server log says why. 404 auth.oidc_not_configured ' +
      'without OIDC_ISSUER.',
    query: oidcCallbackQuerySchema,
    success: {
      status: 302,
      location: '/#/ (or the returnTo of the start) when signed in, else /#/sign-in?error=<reason>',
      cookies:
        'switchyard_oidc_state=; Max-Age=0 (the sign-in is over), and on success the session cookie as ' +
        'POST /auth/login sets it',
      description: 'Back to the settings page',
    },
    errors: [404],
    public: true,
  },
  {
    method: 'POST',
    path: '/orgs/:id/invites',
    operationId: 'createInvite',
    tag: 'users',
    summary: 'Invite someone by a one-time link (admin or higher; owner for an invite to owner)',
    description:
      'The token is shown only in this answer; only its SHA-256 is stored. The link works once, until expiresAt ' +
      'or until it is revoked. Audited as invite.create.',
    body: 'CreateInviteBody',
    success: { status: 201, schema: 'CreatedInvite', description: 'The invite, its token and its link' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/invites',
    operationId: 'listInvites',
    tag: 'users',
    summary: "List an organization's pending invites, newest first (admin or higher)",
    description:
      'Pending: not accepted, revoked or expired. Never the token (shown once, when the invite is created) nor its hash.',
    success: { status: 200, schema: 'InviteList', description: 'The pending invites' },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: '/orgs/:id/invites/:inviteId',
    operationId: 'revokeInvite',
    tag: 'users',
    summary: 'Revoke an invite: its link no longer works (admin or higher; owner for an invite to owner)',
    description:
      'Accepting a revoked link answers 400 invite.revoked. Revoking twice is a 204; an accepted invite is a 409 ' +
      'invite.accepted (remove the member instead). Audited as invite.revoke.',
    success: { status: 204, description: 'Revoked' },
    errors: [404, 409],
  },
  {
    method: 'GET',
    path: '/orgs/:id/members',
    operationId: 'listMembers',
    tag: 'users',
    summary: "List an organization's members and their roles, oldest membership first (viewer or higher)",
    success: { status: 200, schema: 'MemberList', description: 'The members' },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/orgs/:id/members/:userId',
    operationId: 'setMemberRole',
    tag: 'users',
    summary: "Change a member's role (owner)",
    description:
      'Refused with 409 member.last_owner when it would leave the organization without an owner (a disabled owner ' +
      'still counts). A user who is not a member is 404 member.not_found. Audited as membership.update.',
    body: 'UpdateMembershipBody',
    success: { status: 200, schema: 'Membership', description: 'The membership now in force' },
    errors: [400, 404, 409],
  },
  {
    method: 'DELETE',
    path: '/orgs/:id/members/:userId',
    operationId: 'removeMember',
    tag: 'users',
    summary: 'Remove a member from the organization (owner)',
    description:
      'The account and its other memberships stay; it loses access to this organization with its next request. ' +
      'Removing the last owner is 409 member.last_owner; a user who is not a member is 404 member.not_found. ' +
      'Audited as membership.delete.',
    success: { status: 204, description: 'Removed' },
    errors: [404, 409],
  },
  {
    method: 'POST',
    path: '/users',
    operationId: 'createUser',
    tag: 'users',
    summary: 'Create a user with a role in an organization (admin or higher; owner to grant owner)',
    description:
      'Emails are compared and stored lower-case; one already taken answers 409 user.email_taken (invite that ' +
      'person instead). Audited as user.create.',
    body: 'CreateUserBody',
    success: { status: 201, schema: 'CreatedUser', description: 'The account and its membership' },
    errors: [400, 404, 409],
  },
  {
    method: 'GET',
    path: '/users',
    operationId: 'listUsers',
    tag: 'users',
    summary: 'List every user account with its memberships, oldest first (admin token only)',
    success: { status: 200, schema: 'UserList', description: 'The accounts, never a password hash' },
    errors: [],
  },
  ...(['disable', 'enable'] as const).map(
    (change): ManagementOperation => ({
      method: 'POST',
      path: `/users/:id/${change}`,
      operationId: `${change}User`,
      tag: 'users',
      summary:
        change === 'disable'
          ? 'Disable a user account: no sign-in, and every session ends at once (admin token only)'
          : 'Enable a disabled user account again; they sign in anew (admin token only)',
      description: `Audited as user.${change} in each of the user's organizations; doing it twice changes nothing.`,
      success: { status: 200, schema: 'UserAccount', description: 'The account as it is now' },
      errors: [404],
    }),
  ),
];
