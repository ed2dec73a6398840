import { registerManagementRoutes } from '../web/register-management-routes.js';
import type { RouteRegistrar } from './create-server.js';

/** Every app's routes, in the order they are mounted. */
export const appRoutes: RouteRegistrar[] = [registerManagementRoutes];
