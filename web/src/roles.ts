import type { Role } from './api-types.js';

const ranks: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** Whether `role` includes `needed` (each role includes the ones below it). */
export function hasRole(role: Role | undefined, needed: Role): boolean {
  return role !== undefined && ranks[role] >= ranks[needed];
}

export const allRoles: Role[] = ['viewer', 'member', 'admin', 'owner'];
