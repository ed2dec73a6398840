import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import ajvModule from 'ajv/dist/2020.js';
import ajvFormatsModule from 'ajv-formats';
import { appRoutes } from '../../../apps/server/app-routes.js';
import type { RouteRegistrar } from '../../../apps/server/create-server.js';
import { describeManagementApi } from '../../../apps/web/describe-management-api.js';
import type { OpenAPIObject, OperationObject, ParameterObject } from '../../../apps/web/openapi-types.js';
import { registerOpenApiRoute } from '../../../apps/web/register-openapi-route.js';
import {
  createOrganizationAndProject,
  type ManagementServer,
  startManagementServer,
} from '../../support/start-switchyard.js';

/**
 * Every route Fastify registers after this registrar, as `METHOD /path` (HEAD twins of GETs left out), and
 * those of them served without credentials (`config.public`).
 */
function collectRoutes(routes: Set<string>, publicRoutes: Set<string>): RouteRegistrar {
  return async (server) => {
    server.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method === 'HEAD') continue;
        routes.add(`${method} ${route.url}`);
        if (route.config?.public) publicRoutes.add(`${method} ${route.url}`);
      }
    });
  };
}

/** The document's operations as `METHOD /api/v1/path`, with `{param}` written Fastify's way (`:param`). */
function describedRoutes(document: OpenAPIObject): Set<string> {
  const routes = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of Object.keys(item)) {
      routes.add(`${method.toUpperCase()} ${document.servers[0]!.url}${path.replace(/\{(\w+)\}/g, ':$1')}`);
    }
  }
  return routes;
}

function operationsOf(document: OpenAPIObject): [string, OperationObject][] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]): [string, OperationObject] => [
      `${method.toUpperCase()} ${path}`,
      operation,
    ]),
  );
}

function findReferences(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) findReferences(item, found);
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else findReferences(child, found);
    }
  }
  return found;
}

function resolvePointer(document: unknown, reference: string): unknown {
  if (!reference.startsWith('#/')) return undefined;
  return reference
    .slice(2)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>((node, token) => (node as Record<string, unknown> | undefined)?.[token], document);
}

/** A JSON Schema 2020-12 validator holding the document, so `#/components/...` references resolve. */
function createValidator(document: OpenAPIObject) {
  const ajv = new ajvModule.default({ allErrors: true, strict: true, strictTypes: false });
  ajvFormatsModule.default(ajv);
  ajv.addKeyword('components');
  const base = 'https://switchyard.invalid/openapi.json';
  ajv.addSchema({ $id: base, components: document.components });
  return {
    // A schema taken out of the document: its local references point into the document added above.
    compile: (schema: object) =>
      ajv.compile(JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${base}#/components/`))),
    component: (name: string) => ajv.compile({ $ref: `${base}#/components/schemas/${name}` }),
  };
}

describe('the OpenAPI description of /api/v1', () => {
  let management: ManagementServer;
  const registered = new Set<string>();
  const registeredPublic = new Set<string>();
  const originalRoutes = [...appRoutes];
  beforeAll(async () => {
    appRoutes.unshift(collectRoutes(registered, registeredPublic));
    // Until apps/server/app-routes.ts mounts it, mount the route here the way npm start will.
    if (!appRoutes.includes(registerOpenApiRoute)) appRoutes.push(registerOpenApiRoute);
    management = await startManagementServer();
  });
  afterAll(async () => {
    appRoutes.splice(0, appRoutes.length, ...originalRoutes);
    await management.close();
  });

  it('is served as OpenAPI 3.1 JSON without authentication, versioned like package.json', async () => {
    const response = await management.call('GET', '/api/v1/openapi.json', undefined, null);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    const { version } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));
    expect(document.info.version).toBe(version);
    expect(document.servers).toEqual([{ url: '/api/v1', description: expect.any(String) }]);
    expect(document).toEqual(JSON.parse(JSON.stringify(describeManagementApi())));
  });

  it('describes every /api/v1 route the server registers, and no route it does not', () => {
    const document = describeManagementApi();
    const described = describedRoutes(document);
    const api = [...registered].filter((route) => route.split(' ')[1]!.startsWith('/api/v1/'));
    expect(api.length).toBeGreaterThan(20);
    expect({
      'registered but not described: add them to apps/web/openapi-operations.ts': api.filter(
        (route) => !described.has(route),
      ),
      'described but not registered: fix or remove their entries': [...described].filter(
        (route) => !registered.has(route),
      ),
    }).toEqual({
      'registered but not described: add them to apps/web/openapi-operations.ts': [],
      'described but not registered: fix or remove their entries': [],
    });
  });

  it('asks no credentials exactly where the server does, and the CSRF header with the cookie on every change', () => {
    const document = describeManagementApi();
    const prefix = document.servers[0]!.url;
    const described = operationsOf(document).map(([name, operation]): [string, OperationObject] => [
      name.replace(' ', ` ${prefix}`).replace(/\{(\w+)\}/g, ':$1'),
      operation,
    ]);
    const open = described.filter(([, operation]) => operation.security?.length === 0).map(([name]) => name);
    // The OpenAPI route is mounted outside the guarded scope, so it needs no public flag.
    const served = [...registeredPublic, 'GET /api/v1/openapi.json'].filter((route) =>
      route.split(' ')[1]!.startsWith(`${prefix}/`),
    );
    expect(open.sort()).toEqual(served.sort());
    expect(open).toEqual(
      expect.arrayContaining(['POST /api/v1/auth/login', 'POST /api/v1/auth/accept-invite']),
    );
    for (const [name, operation] of described) {
      if (operation.security?.length === 0) continue;
      const session = operation.security?.find((requirement) => 'cookieAuth' in requirement);
      const expected = name.startsWith('GET ') ? { cookieAuth: [] } : { cookieAuth: [], csrfHeader: [] };
      expect({ name, session }).toEqual({ name, session: expected });
    }
    expect(document.components.securitySchemes.cookieAuth).toMatchObject({
      type: 'apiKey',
      in: 'cookie',
      name: 'switchyard_session',
    });
    expect(document.components.securitySchemes.csrfHeader).toMatchObject({
      type: 'apiKey',
      in: 'header',
      name: 'x-csrf-token',
    });
  });

  it('declares each path parameter, resolves every $ref and gives each operation a unique id', () => {
    const document = describeManagementApi();
    const unresolved = findReferences(document).filter(
      (reference) => resolvePointer(document, reference) === undefined,
    );
    expect(unresolved).toEqual([]);
    const operationIds = new Set<string>();
    for (const [name, operation] of operationsOf(document)) {
      const placeholders = [...name.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      const declared = (operation.parameters ?? [])
        .filter((parameter: ParameterObject) => parameter.in === 'path')
        .map((parameter) => parameter.name)
        .sort();
      expect({ name, path: declared }).toEqual({ name, path: placeholders });
      expect(operationIds.has(operation.operationId)).toBe(false);
      operationIds.add(operation.operationId);
      expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      for (const { security } of [operation, document]) {
        for (const requirement of security ?? []) {
          for (const scheme of Object.keys(requirement)) {
            expect(document.components.securitySchemes[scheme]).toBeDefined();
          }
        }
      }
    }
  });

  it('holds only schemas that compile as JSON Schema 2020-12', () => {
    const document = describeManagementApi();
    const validator = createValidator(document);
    for (const name of Object.keys(document.components.schemas))
      expect(validator.component(name)).toBeDefined();
    for (const [, operation] of operationsOf(document)) {
      for (const parameter of operation.parameters ?? []) {
        expect(validator.compile(parameter.schema)).toBeDefined();
      }
    }
  });

  it('documents the budget body the API enforces: what the schema refuses is a 400, what it takes a 200', async () => {
    const response = await management.call('GET', '/api/v1/openapi.json', undefined, null);
    const document: OpenAPIObject = response.json();
    const requestBody = document.paths['/projects/{id}/budget']?.put?.requestBody;
    const validator = createValidator(document);
    const validate = validator.compile(requestBody!.content['application/json']!.schema);
    const validateAnswer = validator.component('Budget');
    const { projectId } = await createOrganizationAndProject(management);
    const refused = [{ dailyUsd: -1 }, { softAlertRatio: 0 }, { softAlertRatio: 1.5 }, { dailyUSD: 5 }, []];
    const accepted = [{}, { dailyUsd: 5, monthlyUsd: 100.25, softAlertRatio: 0.9 }, { dailyUsd: null }];
    for (const body of refused) {
      expect({ body, valid: validate(body) }).toEqual({ body, valid: false });
      const answer = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, body);
      expect({ body, status: answer.statusCode }).toEqual({ body, status: 400 });
      expect(validator.component('Error')(answer.json())).toBe(true);
    }
    for (const body of accepted) {
      expect({ body, valid: validate(body) }).toEqual({ body, valid: true });
      const answer = await management.call('PUT', `/api/v1/projects/${projectId}/budget`, body);
      expect({ body, status: answer.statusCode }).toEqual({ body, status: 200 });
      expect(validateAnswer(answer.json())).toBe(true);
    }
  });
});
