import type { OrganizationRole, Principal } from './principal.js';

/** What a request wants to do, noun first. */
export type Action =
  | 'organization.read'
  | 'usage.read'
  | 'job.rerun'
  | 'audit.read'
  | 'project.manage'
  | 'provider.manage'
  | 'budget.manage'
  | 'routing.manage'
  | 'api-key.manage'
  | 'member.invite'
  | 'member.manage-roles'
  | InstanceAction;

/**
 * Instance-level actions, which only the admin token may do: creating organizations, and listing, disabling
 * and enabling user accounts (users are global, not owned by one organization).
 */
export type InstanceAction = 'organization.create' | 'user.manage';

const instanceActions: ReadonlySet<Action> = new Set<InstanceAction>(['organization.create', 'user.manage']);

/** Whether only the admin token may do `action`. */
export function isInstanceAction(action: Action): action is InstanceAction {
  return instanceActions.has(action);
}

/** The least role each organization action needs (roles are ordered: viewer < member < admin < owner). */
export const requiredRoles: Record<Exclude<Action, InstanceAction>, OrganizationRole> = {
  'organization.read': 'viewer',
  'usage.read': 'viewer',
  'job.rerun': 'member',
  'audit.read': 'admin',
  'project.manage': 'admin',
  'provider.manage': 'admin',
  'budget.manage': 'admin',
  'routing.manage': 'admin',
  'api-key.manage': 'admin',
  'member.invite': 'admin',
  'member.manage-roles': 'owner',
};

/** What granting `role` takes: `owner` takes an owner, any other role an admin (invites, new users). */
export function grantRoleAction(role: OrganizationRole): Action {
  return role === 'owner' ? 'member.manage-roles' : 'member.invite';
}

const rank: Record<OrganizationRole, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Whether `role` is at least `needed`. */
export function roleAtLeast(role: OrganizationRole, needed: OrganizationRole): boolean {
  return rank[role] >= rank[needed];
}

/**
 * Whether the principal may see anything of the organization (or project) at all. Callers answer 404 when
 * it may not, so that other organizations' resources are indistinguishable from missing ones.
 */
export function canSee(principal: Principal, organizationId: string, projectId?: string): boolean {
  switch (principal.type) {
    case 'admin-token':
      return true;
    case 'user':
      return principal.memberships.has(organizationId);
    case 'api-key':
      return principal.organizationId === organizationId && principal.projectId === projectId;
  }
}

/** Whether the principal may do `action` in the organization (and project, for an API key). */
export function can(
  principal: Principal,
  action: Action,
  organizationId: string,
  projectId?: string,
): boolean {
  switch (principal.type) {
    case 'admin-token':
      return true;
    case 'api-key':
      return action === 'usage.read' && canSee(principal, organizationId, projectId);
    case 'user': {
      if (isInstanceAction(action)) return false;
      const role = principal.memberships.get(organizationId);
      return role !== undefined && roleAtLeast(role, requiredRoles[action]);
    }
  }
}
