import { createContext, useContext } from 'react';
import type { Me, Role } from './api-types.js';
import { hasRole } from './roles.js';

/** The signed-in user, as `/auth/me` answered. */
export const SessionContext = createContext<Me | undefined>(undefined);

/** The user's role in an organization (undefined for the admin token or an unknown organization). */
export function useRole(organizationId: string | undefined): Role | undefined {
  const me = useContext(SessionContext);
  return me?.memberships?.find((membership) => membership.organizationId === organizationId)?.role;
}

/** The organization's name as the user's memberships know it (the breadcrumb of jobs and audit). */
export function useOrganizationName(organizationId: string): string {
  const me = useContext(SessionContext);
  return (
    me?.memberships?.find((membership) => membership.organizationId === organizationId)?.organizationName ??
    'Organization'
  );
}

/**
 * Whether the signed-in principal may change an organization's settings (admin or owner; the admin token
 * may do everything). The API enforces the same rule; the page only avoids offering what it would refuse.
 */
export function useCanManage(organizationId: string | undefined, needed: Role = 'admin'): boolean {
  const me = useContext(SessionContext);
  const role = useRole(organizationId);
  return me?.user === null || hasRole(role, needed);
}
