import type { z } from 'zod';
import {
  acceptInviteBodySchema,
  createInviteBodySchema,
  createUserBodySchema,
  loginBodySchema,
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
  budgetBodySchema,
  cacheBodySchema,
  createApiKeyBodySchema,
  createOrganizationBodySchema,
  createProjectBodySchema,
  pricesBodySchema,
  providerBodySchema,
  providerTestBodySchema,
  routingBodySchema,
} from './management-schemas.js';

// The named pieces the operations of openapi-operations.ts refer to, and the shape of an operation.

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
