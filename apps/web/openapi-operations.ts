import type { z } from 'zod';
import {
  acceptInviteBodySchema,
  createInviteBodySchema,
  createUserBodySchema,
  loginBodySchema,
  oidcCallbackQuerySchema,
  oidcStartQuerySchema,
  updateMembershipBodySchema,
} from './auth-schemas.js';
import {
  alertChannelListResponseSchema,
  apiKeyListResponseSchema,
  auditListResponseSchema,
  authMethodsResponseSchema,
  budgetResponseSchema,
  cacheResponseSchema,
  createdApiKeyResponseSchema,
  createdInviteResponseSchema,
  createdResponseSchema,
  createdUserResponseSchema,
  currentPrincipalResponseSchema,
  errorBodySchema,
  inviteListResponseSchema,
  jobListResponseSchema,
  jobRerunResponseSchema,
  memberListResponseSchema,
  membershipResponseSchema,
  organizationListResponseSchema,
  organizationResponseSchema,
  pricesResponseSchema,
  projectListResponseSchema,
  projectResponseSchema,
  providerResponseSchema,
  providerTestResponseSchema,
  routingRuleResponseSchema,
  signedInUserResponseSchema,
  usageResponseSchema,
  userAccountResponseSchema,
  userListResponseSchema,
} from './management-response-schemas.js';
import {
  alertChannelsBodySchema,
  auditQuerySchema,
  budgetBodySchema,
  cacheBodySchema,
  createApiKeyBodySchema,
  createOrganizationBodySchema,
  createProjectBodySchema,
  eventStreamQuerySchema,
  jobListQuerySchema,
  organizationUsageQuerySchema,
  pricesBodySchema,
  providerBodySchema,
  providerTestBodySchema,
  routingBodySchema,
  usageCsvQuerySchema,
  usageQuerySchema,
} from './management-schemas.js';

// Every route under /api/v1, described once. test/apps/web/openapi.test.ts compares this list with the
// routes Fastify registers: a route added without an entry here (or an entry without its route) fails it.

/** Request bodies, by component name: the very schemas the handlers pass to parseRequestPart. */
export const requestBodySchemas = {
  CreateOrganizationBody: createOrganizationBodySchema,
  CreateProjectBody: createProjectBodySchema,
  CreateApiKeyBody: createApiKeyBodySchema,
  BudgetBody: budgetBodySchema,
  AlertChannelsBody: alertChannelsBodySchema,
  ProviderBody: providerBodySchema,
  RoutingBody: routingBodySchema,
  PricesBody: pricesBodySchema,
  CacheBody: cacheBodySchema,
  ProviderTestBody: providerTestBodySchema,
  LoginBody: loginBodySchema,
  AcceptInviteBody: acceptInviteBodySchema,
  CreateUserBody: createUserBodySchema,
  CreateInviteBody: createInviteBodySchema,
  UpdateMembershipBody: updateMembershipBodySchema,
} satisfies Record<string, z.ZodType>;

/** Answers, by component name (see management-response-schemas.ts). */
export const responseSchemas = {
  Error: errorBodySchema,
  Created: createdResponseSchema,
  OrganizationList: organizationListResponseSchema,
  ProjectList: projectListResponseSchema,
  Organization: organizationResponseSchema,
  Project: projectResponseSchema,
  Budget: budgetResponseSchema,
  AlertChannelList: alertChannelListResponseSchema,
  Provider: providerResponseSchema,
  Cache: cacheResponseSchema,
  CreatedApiKey: createdApiKeyResponseSchema,
  ApiKeyList: apiKeyListResponseSchema,
  RoutingRule: routingRuleResponseSchema,
  Prices: pricesResponseSchema,
  Usage: usageResponseSchema,
  JobList: jobListResponseSchema,
  JobRerun: jobRerunResponseSchema,
  AuditList: auditListResponseSchema,
  ProviderTest: providerTestResponseSchema,
  InviteList: inviteListResponseSchema,
  UserAccount: userAccountResponseSchema,
  UserList: userListResponseSchema,
  CreatedUser: createdUserResponseSchema,
  SignedInUser: signedInUserResponseSchema,
  CurrentPrincipal: currentPrincipalResponseSchema,
  CreatedInvite: createdInviteResponseSchema,
  MemberList: memberListResponseSchema,
  Membership: membershipResponseSchema,
  AuthMethods: authMethodsResponseSchema,
} satisfies Record<string, z.ZodType>;

/**
 * Error answers an operation can give besides 401 and 403 (which every authenticated one can); a public
 * operation lists its own 401 (wrong credentials).
 */
export type ErrorStatus = 400 | 401 | 404 | 409 | 429 | 503;

export interface ManagementOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The Fastify path below /api/v1, with `:param` segments. */
  path: string;
  operationId: string;
  tag:
    | 'organizations'
    | 'projects'
    | 'keys'
    | 'budgets'
    | 'providers'
    | 'routing'
    | 'usage'
    | 'jobs'
    | 'audit'
    | 'events'
    | 'auth'
    | 'users'
    | 'meta';
  summary: string;
  description?: string;
  body?: keyof typeof requestBodySchemas;
  /** The body may be left out (it defaults to `{}`). */
  bodyOptional?: true;
  /** A query schema (a strict object), turned into one parameter per field. */
  query?: z.ZodObject;
  /** The success answer; no `schema` means an empty body (204, 302). */
  success: {
    status: 200 | 201 | 202 | 204 | 302;
    schema?: keyof typeof responseSchemas;
    /** A non-JSON answer (an export, an event stream), described in `description`. */
    contentType?: 'text/csv' | 'text/event-stream';
    /** The answer sets the session cookie (a sign-in) or clears it (a sign-out). */
    sessionCookie?: 'set' | 'cleared';
    /** A redirect (302): where its Location points. */
    location?: string;
    /** Other cookies the answer may set, described in words. */
    cookies?: string;
    description: string;
  };
  errors: ErrorStatus[];
  /** Served without authentication. */
  public?: true;
  /** Any principal may call it (no role check), so only the CSRF check of a change can answer 403. */
  anyPrincipal?: true;
}

export const managementOperations: ManagementOperation[] = [
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
    path: '/orgs',
    operationId: 'createOrganization',
    tag: 'organizations',
    summary: 'Create an organization',
    body: 'CreateOrganizationBody',
    success: { status: 201, schema: 'Created', description: 'The new organization' },
    errors: [400],
  },
  {
    method: 'GET',
    path: '/orgs',
    operationId: 'listOrganizations',
    tag: 'organizations',
    summary: 'List organizations',
    success: { status: 200, schema: 'OrganizationList', description: 'Every organization, oldest first' },
    errors: [],
  },
  {
    method: 'GET',
    path: '/orgs/:id',
    operationId: 'getOrganization',
    tag: 'organizations',
    summary: 'Read an organization with its budget and masked providers',
    success: { status: 200, schema: 'Organization', description: 'The organization' },
    errors: [404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/projects',
    operationId: 'listOrganizationProjects',
    tag: 'organizations',
    summary: "List an organization's projects",
    success: { status: 200, schema: 'ProjectList', description: 'The projects, by name' },
    errors: [404],
  },
  {
    method: 'POST',
    path: '/projects',
    operationId: 'createProject',
    tag: 'projects',
    summary: 'Create a project in an organization',
    body: 'CreateProjectBody',
    success: { status: 201, schema: 'Created', description: 'The new project' },
    errors: [400, 404, 409],
  },
  {
    method: 'GET',
    path: '/projects/:id',
    operationId: 'getProject',
    tag: 'projects',
    summary: "Read a project's settings (providers masked)",
    success: { status: 200, schema: 'Project', description: 'The project and the settings in force' },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/cache',
    operationId: 'setProjectCache',
    tag: 'projects',
    summary: 'Set how long an exact-match response is served from cache (0 disables it)',
    body: 'CacheBody',
    success: { status: 200, schema: 'Cache', description: 'The TTL now in force' },
    errors: [400, 404],
  },
  {
    method: 'POST',
    path: '/projects/:id/keys',
    operationId: 'createApiKey',
    tag: 'keys',
    summary: 'Create a gateway API key (shown once)',
    body: 'CreateApiKeyBody',
    success: { status: 201, schema: 'CreatedApiKey', description: 'The key, the only time it is shown' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/keys',
    operationId: 'listApiKeys',
    tag: 'keys',
    summary: "List a project's API keys (no secrets)",
    success: { status: 200, schema: 'ApiKeyList', description: 'The keys, oldest first' },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: '/projects/:id/keys/:keyId',
    operationId: 'revokeApiKey',
    tag: 'keys',
    summary: 'Revoke an API key; every process stops accepting it at once',
    success: { status: 204, description: 'Revoked' },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/budget',
    operationId: 'setProjectBudget',
    tag: 'budgets',
    summary: "Set a project's budget",
    description: 'A field left out keeps its value; null clears a limit. Days and months are UTC.',
    body: 'BudgetBody',
    success: { status: 200, schema: 'Budget', description: 'The budget now in force' },
    errors: [400, 404],
  },
  {
    method: 'PUT',
    path: '/orgs/:id/budget',
    operationId: 'setOrganizationBudget',
    tag: 'budgets',
    summary: "Set an organization's budget",
    description: 'A field left out keeps its value; null clears a limit. Days and months are UTC.',
    body: 'BudgetBody',
    success: { status: 200, schema: 'Budget', description: 'The budget now in force' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/alert-channels',
    operationId: 'listAlertChannels',
    tag: 'budgets',
    summary: "List the Slack channels a project's budget alerts go to",
    description:
      'The channels linked to the project, by `/switchyard link` in Slack or set here; oldest first.',
    success: { status: 200, schema: 'AlertChannelList', description: 'The linked channels' },
    errors: [404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/alert-channels',
    operationId: 'setAlertChannels',
    tag: 'budgets',
    summary: "Replace the Slack channels a project's budget alerts go to (admin or higher)",
    description:
      'Channels left out are unlinked, new ones linked; each change is audited (slack-channel.link / unlink). ' +
      'A linked channel may also run Switchyard commands on the project, and the bot must be invited to it.',
    body: 'AlertChannelsBody',
    success: { status: 200, schema: 'AlertChannelList', description: 'The channels now linked' },
    errors: [400, 404],
  },
  ...(['projects', 'orgs'] as const).flatMap((owner): ManagementOperation[] => {
    const scope = owner === 'orgs' ? 'Organization' : 'Project';
    return [
      {
        method: 'PUT',
        path: `/${owner}/:id/providers/:name`,
        operationId: `set${scope}Provider`,
        tag: 'providers',
        summary: `Add or replace a provider credential of the ${scope.toLowerCase()}`,
        description:
          'The key is stored encrypted and never returned. A field left out keeps its value; null clears it.',
        body: 'ProviderBody',
        success: { status: 200, schema: 'Provider', description: 'The provider, key masked' },
        errors: [400, 404, 503],
      },
      {
        method: 'DELETE',
        path: `/${owner}/:id/providers/:name`,
        operationId: `delete${scope}Provider`,
        tag: 'providers',
        summary: `Remove a provider credential of the ${scope.toLowerCase()}`,
        success: { status: 204, description: 'Removed' },
        errors: [400, 404],
      },
    ];
  }),
  {
    method: 'PUT',
    path: '/projects/:id/routing',
    operationId: 'setRoutingRule',
    tag: 'routing',
    summary: "Set one agent's routing rule (agent `default` when omitted)",
    description:
      'Also refused with 400: weights naming a model not in models, a model not in allowedModels, a model listed twice.',
    body: 'RoutingBody',
    success: { status: 200, schema: 'RoutingRule', description: 'The rule now in force' },
    errors: [400, 404],
  },
  {
    method: 'PUT',
    path: '/projects/:id/prices',
    operationId: 'setPriceOverrides',
    tag: 'routing',
    summary: "Replace the project's price overrides, keyed by provider:model (USD per million tokens)",
    body: 'PricesBody',
    success: { status: 200, schema: 'Prices', description: 'The overrides now in force' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/usage',
    operationId: 'getUsage',
    tag: 'usage',
    summary: "Sum a project's usage in [from, to) per day, provider or model",
    description:
      '`from` defaults to the start of the UTC month, `to` to now. Unknown query parameters are a 400.',
    query: usageQuerySchema,
    success: { status: 200, schema: 'Usage', description: 'Rows and totals' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/usage',
    operationId: 'getOrganizationUsage',
    tag: 'usage',
    summary:
      "Sum the usage of an organization's projects in [from, to) per day, provider, model, agent or project",
    description:
      "The same report as a project's (viewer or higher). With `groupBy=project` rows are keyed by project id and " +
      "carry the project's `name`. `from` defaults to the start of the UTC month, `to` to now. Unknown query " +
      'parameters are a 400.',
    query: organizationUsageQuerySchema,
    success: { status: 200, schema: 'Usage', description: 'Rows and totals' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/usage.csv',
    operationId: 'exportUsage',
    tag: 'usage',
    summary: "Export a project's usage in [from, to) as CSV, per UTC day, provider, model and agent",
    description:
      'Columns: day,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,p95_latency_ms,failovers ' +
      '(RFC 4180, CRLF line ends; latencies are of successful calls and empty without any). Range defaults like the JSON report.',
    query: usageCsvQuerySchema,
    success: { status: 200, contentType: 'text/csv', description: 'The CSV table, with a header line' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/usage.csv',
    operationId: 'exportOrganizationUsage',
    tag: 'usage',
    summary:
      "Export the usage of an organization's projects in [from, to) as CSV, per UTC day, project, provider, model and agent",
    description:
      'Columns: day,project,project_id,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,' +
      'p95_latency_ms,failovers (viewer or higher; `project` is the name). Otherwise like the project export.',
    query: usageCsvQuerySchema,
    success: { status: 200, contentType: 'text/csv', description: 'The CSV table, with a header line' },
    errors: [400, 404],
  },
  ...(['projects', 'orgs'] as const).map(
    (owner): ManagementOperation => ({
      method: 'POST',
      path: `/${owner}/:id/providers/:name/test`,
      operationId: `test${owner === 'orgs' ? 'Organization' : 'Project'}Provider`,
      tag: 'providers',
      summary: `Test the ${owner === 'orgs' ? "organization's" : "project's"} provider credential with one cheap call`,
      description:
        'One request of at most one output token ("ping") with the credential in force (a project inherits the ' +
        "organization's and the environment's). The model is the body's, else the first of this provider in the " +
        'routing rules and ROUTER_DEFAULT_MODELS, else its cheapest built-in one. Not charged to any budget and not ' +
        'recorded as usage. A failing provider is still a 200 with ok false and the error.',
      body: 'ProviderTestBody',
      bodyOptional: true,
      success: { status: 200, schema: 'ProviderTest', description: 'Whether the call went through' },
      errors: [400, 404, 503],
    }),
  ),
  {
    method: 'GET',
    path: '/orgs/:id/jobs',
    operationId: 'listJobs',
    tag: 'jobs',
    summary: "List an organization's jobs, newest first",
    description: 'Pages of `limit` (1–200, default 50); pass `nextBefore` as `before` for the next page.',
    query: jobListQuerySchema,
    success: { status: 200, schema: 'JobList', description: 'The jobs and the next page cursor' },
    errors: [400, 404],
  },
  {
    method: 'POST',
    path: '/jobs/:id/rerun',
    operationId: 'rerunJob',
    tag: 'jobs',
    summary: 'Re-run a review or describe job (member or higher)',
    description:
      "Enqueues the same agent on the same pull request as a new job (it works on the pull request's newest head). " +
      'It posts its result on the pull request as usual but no command replies. Other agents answer a comment or ' +
      'chat message that is not kept: 409 job.not_rerunnable.',
    success: { status: 202, schema: 'JobRerun', description: 'The new job' },
    errors: [404, 409],
  },
  {
    method: 'GET',
    path: '/orgs/:id/audit',
    operationId: 'listAuditEvents',
    tag: 'audit',
    summary: 'Read the audit log of an organization and its projects, newest first (admin or higher)',
    description:
      '`action` and `actor` match exactly; `[from, to)` bounds the time; pages of `limit` (1–200, default 50), ' +
      'pass `nextBefore` as `before` for the next page.',
    query: auditQuerySchema,
    success: { status: 200, schema: 'AuditList', description: 'The events and the next page cursor' },
    errors: [400, 404],
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
  {
    method: 'GET',
    path: '/events',
    operationId: 'streamEvents',
    tag: 'events',
    summary: "Live updates of an organization's jobs and spend (Server-Sent Events)",
    description:
      '`event: job` with data `{id, projectId, status, costUsd, resultUrl, errorCode, queuedAt, finishedAt}` whenever ' +
      'a job changes status; `event: usage` with data `{projectId, costUsd, at}`: spend recorded since the last ' +
      'one, about once a second per project; a `: ping` comment every 15 s. Works with EventSource and the session cookie.',
    query: eventStreamQuerySchema,
    success: {
      status: 200,
      contentType: 'text/event-stream',
      description: 'The event stream; it stays open',
    },
    errors: [400, 404],
  },
];
