import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { findProjectRoot } from '../../core/config/project-root.js';
import { providerNameSchema } from '../../core/projects/settings-schemas.js';
import {
  type ErrorStatus,
  type ManagementOperation,
  managementOperations,
  requestBodySchemas,
  responseSchemas,
} from './openapi-operations.js';
import type {
  HeaderObject,
  HttpMethod,
  JsonSchema,
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ResponseObject,
  SecurityRequirementObject,
} from './openapi-types.js';
import { sessionCookieName } from './write-session-cookie.js';

/** Where the management API is mounted; paths in the document are relative to it. */
export const managementApiPrefix = '/api/v1';

/** The header that must echo the session's CSRF token on every state-changing request. */
export const csrfHeaderName = 'x-csrf-token';

const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** Path parameters by the segment before them, so `/orgs/:id` and `/projects/:id` each say which id. */
const pathParameters: Record<string, { description: string; schema: z.ZodType }> = {
  'orgs/:id': { description: 'Organization id', schema: z.guid() },
  'projects/:id': { description: 'Project id', schema: z.guid() },
  'keys/:keyId': { description: 'API key id', schema: z.guid() },
  'invites/:inviteId': { description: 'Invite id, as listed by GET /orgs/{id}/invites', schema: z.guid() },
  'users/:id': { description: 'User id, as listed by GET /users', schema: z.guid() },
  'members/:userId': {
    description: 'User id of a member, as listed by GET /orgs/{id}/members',
    schema: z.guid(),
  },
  'jobs/:id': { description: 'Job id, as listed by GET /orgs/{id}/jobs', schema: z.string().min(1).max(200) },
  'providers/:name': {
    description: 'Provider name, the prefix of its models (openai in openai:gpt-4.1-mini)',
    schema: providerNameSchema,
  },
};

const errorResponses: Record<
  ErrorStatus | 403,
  { name: string; description: string; headers?: Record<string, HeaderObject> }
> = {
  400: {
    name: 'BadRequest',
    description:
      'The body, query or a path parameter is invalid (request.invalid), or an invite link is (invite.invalid, invite.revoked)',
  },
  401: {
    name: 'Unauthorized',
    description:
      'No credentials, or wrong ones: a bad token, an ended session, a wrong email or password (auth.*)',
  },
  403: {
    name: 'Forbidden',
    description: "The caller's role does not allow this, or the CSRF header is missing or wrong (auth.*)",
  },
  404: {
    name: 'NotFound',
    description: 'No such organization, project, key, provider, invite or user (*.not_found)',
  },
  409: {
    name: 'Conflict',
    description:
      'A record of that name or email exists already, the record is past the change (e.g. invite.accepted), ' +
      'or the change would leave an organization without an owner (member.last_owner)',
  },
  429: {
    name: 'TooManyRequests',
    description: 'Too many failed sign-ins for this email from this address (auth.too_many_attempts)',
    headers: {
      'Retry-After': {
        description: 'Seconds until sign-ins for this email from this address are taken again',
        required: true,
        schema: { type: 'integer', minimum: 1 },
      },
    },
  },
  503: { name: 'ServiceUnavailable', description: 'SETTINGS_ENCRYPTION_KEY is not set on the server' },
};

/** Converts zod schemas to JSON Schema draft 2020-12 components; shared ones become `$ref`s between them. */
function convertToComponents(schemas: Record<string, z.ZodType>, io: 'input' | 'output') {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema, { id });
  const converted = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'throw',
    uri: (id) => schemaRef(id).$ref,
  });
  // `$id` would be the fragment URI itself, which draft 2020-12 forbids; the component name is the id.
  return Object.fromEntries(
    Object.entries(converted.schemas).map(([id, { $schema: _dialect, $id: _uri, ...schema }]) => [
      id,
      schema,
    ]),
  ) as Record<string, JsonSchema>;
}

function convertSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...converted } = z.toJSONSchema(schema, { target: 'draft-2020-12', io });
  return converted;
}

function describeParameters(operation: ManagementOperation): ParameterObject[] {
  const segments = operation.path.split('/');
  const parameters: ParameterObject[] = segments.flatMap((segment, index) => {
    if (!segment.startsWith(':')) return [];
    const key = `${segments[index - 1]}/${segment}`;
    const parameter = pathParameters[key];
    if (!parameter)
      throw new Error(
        `describe the path parameter ${key} in pathParameters (apps/web/describe-management-api.ts)`,
      );
    return [
      {
        name: segment.slice(1),
        in: 'path' as const,
        required: true,
        description: parameter.description,
        schema: convertSchema(parameter.schema, 'input'),
      },
    ];
  });
  if (operation.query) {
    const query = convertSchema(operation.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries(query.properties as Record<string, JsonSchema>)) {
      parameters.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  return parameters;
}

/** A bearer token, or a session cookie (plus the CSRF header on anything but a read). */
function describeSecurity(operation: ManagementOperation): SecurityRequirementObject[] {
  if (operation.public) return [];
  const session: SecurityRequirementObject =
    operation.method === 'GET' ? { cookieAuth: [] } : { cookieAuth: [], csrfHeader: [] };
  return [{ bearerAuth: [] }, session];
}

/** Every authenticated operation can answer 401, and 403 unless it is a read that any principal may do. */
function describeErrors(operation: ManagementOperation): (ErrorStatus | 403)[] {
  if (operation.public) return operation.errors;
  const forbidden = operation.anyPrincipal && operation.method === 'GET' ? [] : [403 as const];
  return [...new Set([401 as const, ...forbidden, ...operation.errors])];
}

const sessionCookieHeaders = {
  set: {
    description: `${sessionCookieName}=<token>; Path=/; HttpOnly; SameSite=Lax; Max-Age=<SESSION_MAX_AGE_HOURS in seconds> (and Secure over https): the new session`,
  },
  cleared: {
    description: `${sessionCookieName}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0: the cookie is dropped`,
  },
};

function describeSuccessHeaders(success: ManagementOperation['success']): Record<string, HeaderObject> {
  const headers: Record<string, HeaderObject> = {};
  if (success.location) {
    headers.Location = { description: success.location, required: true, schema: { type: 'string' } };
  }
  if (success.sessionCookie) {
    headers['Set-Cookie'] = {
      ...sessionCookieHeaders[success.sessionCookie],
      required: true,
      schema: { type: 'string' },
    };
  } else if (success.cookies) {
    headers['Set-Cookie'] = { description: success.cookies, schema: { type: 'string' } };
  }
  return headers;
}

function describeSuccessContent(success: ManagementOperation['success']): Pick<ResponseObject, 'content'> {
  if (success.schema) return { content: { 'application/json': { schema: schemaRef(success.schema) } } };
  if (success.status === 204 || success.status === 302) return {};
  if (success.contentType) return { content: { [success.contentType]: { schema: { type: 'string' } } } };
  return { content: { 'application/json': { schema: {} } } };
}

function describeOperation(operation: ManagementOperation): OperationObject {
  const { success } = operation;
  const headers = describeSuccessHeaders(success);
  const responses: OperationObject['responses'] = {
    [success.status]: {
      description: success.description,
      ...(Object.keys(headers).length > 0 ? { headers } : {}),
      ...describeSuccessContent(success),
    },
  };
  for (const status of describeErrors(operation)) {
    responses[status] = { $ref: `#/components/responses/${errorResponses[status].name}` };
  }
  const parameters = describeParameters(operation);
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(operation.body
      ? {
          requestBody: {
            required: !operation.bodyOptional,
            content: { 'application/json': { schema: schemaRef(operation.body) } },
          },
        }
      : {}),
    responses,
    security: describeSecurity(operation),
  };
}

function readPackageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(findProjectRoot(), 'package.json'), 'utf8'));
  return String(manifest.version);
}

/** The OpenAPI 3.1 description of /api/v1, built from the zod schemas that validate its requests. */
export function describeManagementApi(options: { version?: string } = {}): OpenAPIObject {
  const requestComponents = convertToComponents(requestBodySchemas, 'input');
  const responseComponents = convertToComponents(responseSchemas, 'output');
  const clash = Object.keys(requestComponents).find((name) => name in responseComponents);
  if (clash) throw new Error(`the schema component ${clash} is both a request and a response`);

  const paths: OpenAPIObject['paths'] = {};
  for (const operation of managementOperations) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}');
    const method = operation.method.toLowerCase() as HttpMethod;
    paths[path] = { ...paths[path], [method]: describeOperation(operation) };
  }

  const responses: Record<string, ResponseObject> = {};
  for (const { name, description, headers } of Object.values(errorResponses)) {
    responses[name] = {
      description,
      ...(headers ? { headers } : {}),
      content: { 'application/json': { schema: schemaRef('Error') } },
    };
  }

  return {
    openapi: '3.1.0',
    info: {
      title: 'Switchyard management API',
      version: options.version ?? readPackageVersion(),
      description:
        'Sign-in, users and members, organizations, projects, API keys, budgets, providers, routing, prices, ' +
        'cache and usage. ' +
        'JSON in camelCase; bodies are strict (an unknown field is a 400). Every write is audited.',
    },
    servers: [{ url: managementApiPrefix, description: 'This Switchyard server' }],
    tags: [
      { name: 'organizations', description: 'Organizations and their projects' },
      { name: 'projects', description: 'Project settings and response cache' },
      { name: 'keys', description: 'Gateway API keys of a project' },
      { name: 'budgets', description: 'Daily and monthly limits in USD' },
      { name: 'providers', description: 'Provider credentials (write-only keys)' },
      { name: 'routing', description: 'Routing rules per agent and price overrides' },
      { name: 'usage', description: 'Requests, tokens, cost, latency and failovers; CSV export' },
      { name: 'jobs', description: 'Agent jobs and re-runs' },
      { name: 'audit', description: 'Who changed what, when and from where' },
      { name: 'events', description: 'Live updates (Server-Sent Events)' },
      {
        name: 'auth',
        description: 'Sign-in and sign-out (the session cookie), who is calling, accepting an invite',
      },
      {
        name: 'users',
        description: "User accounts, an organization's members and roles, and invites to an organization",
      },
      { name: 'meta', description: 'About this API' },
    ],
    paths,
    components: {
      schemas: { ...requestComponents, ...responseComponents },
      responses,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'The server ADMIN_TOKEN, or a project API key (sy-…) for that project',
        },
        cookieAuth: {
          type: 'apiKey',
          in: 'cookie',
          name: sessionCookieName,
          description: 'The session cookie set when a user signs in to the web page',
        },
        csrfHeader: {
          type: 'apiKey',
          in: 'header',
          name: csrfHeaderName,
          description: "With a session cookie, every state-changing request echoes the session's CSRF token",
        },
      },
    },
    security: [{ bearerAuth: [] }, { cookieAuth: [] }],
  };
}
