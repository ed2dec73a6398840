// Every route under /api/v1, described once. test/apps/web/openapi.test.ts compares this list with the
// routes Fastify registers: a route added without an entry here (or an entry without its route) fails it.
import { activityOperations } from './openapi-activity-operations.js';
import { authOperations } from './openapi-auth-operations.js';
import type { ManagementOperation } from './openapi-components.js';
import { organizationOperations } from './openapi-organization-operations.js';
import { settingsOperations } from './openapi-settings-operations.js';

export {
  type ErrorStatus,
  type ManagementOperation,
  requestBodySchemas,
  responseSchemas,
} from './openapi-components.js';

/** Every operation of the management API, by area. */
export const managementOperations: ManagementOperation[] = [
  ...authOperations,
  ...organizationOperations,
  ...settingsOperations,
  ...activityOperations,
];
