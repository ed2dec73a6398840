import type { RouteRegistrar } from '../server/create-server.js';
import { describeManagementApi, managementApiPrefix } from './describe-management-api.js';

/**
 * `GET /api/v1/openapi.json`, without authentication: it describes the API and reveals no data.
 * Mounted outside the management scope so the admin-token hook does not apply to it.
 */
export const registerOpenApiRoute: RouteRegistrar = async (server) => {
  // Built once at start-up: a schema zod cannot express fails the boot, not the first reader.
  const document = JSON.stringify(describeManagementApi());
  server.get(`${managementApiPrefix}/openapi.json`, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').header('cache-control', 'no-cache').send(document),
  );
};
