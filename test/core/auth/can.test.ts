import { describe, expect, it } from '@jest/globals';
import { type Action, can, canSee, requiredRoles } from '../../../core/auth/can.js';
import type { OrganizationRole, Principal } from '../../../core/auth/principal.js';

const orgA = '00000000-0000-4000-8000-00000000000a';
const orgB = '00000000-0000-4000-8000-00000000000b';
const projectA = '00000000-0000-4000-8000-0000000000a1';

function user(role: OrganizationRole): Principal {
  return {
    type: 'user',
    userId: 'u',
    email: 'u@example.test',
    name: 'U',
    memberships: new Map([[orgA, role]]),
    session: { id: 's', csrfSecret: 'c' },
  };
}

// The documented matrix: which roles may do each action.
const matrix: [Action, OrganizationRole[]][] = [
  ['organization.read', ['viewer', 'member', 'admin', 'owner']],
  ['usage.read', ['viewer', 'member', 'admin', 'owner']],
  ['job.rerun', ['member', 'admin', 'owner']],
  ['audit.read', ['admin', 'owner']],
  ['project.manage', ['admin', 'owner']],
  ['provider.manage', ['admin', 'owner']],
  ['budget.manage', ['admin', 'owner']],
  ['routing.manage', ['admin', 'owner']],
  ['api-key.manage', ['admin', 'owner']],
  ['member.invite', ['admin', 'owner']],
  ['member.manage-roles', ['owner']],
  ['organization.create', []],
  ['user.manage', []],
];

describe('can', () => {
  it('covers every action of the role table', () => {
    expect(matrix.map(([action]) => action).sort()).toEqual(
      [...Object.keys(requiredRoles), 'organization.create', 'user.manage'].sort(),
    );
  });

  const cases = matrix.flatMap(([action, allowed]) =>
    (['viewer', 'member', 'admin', 'owner'] as const).map((role) => ({
      action,
      role,
      expected: allowed.includes(role),
    })),
  );
  it.each(cases)('lets a $role $action: $expected', ({ action, role, expected }) => {
    expect(can(user(role), action, orgA)).toBe(expected);
  });

  it('gives a user nothing in an organization they do not belong to, and hides it', () => {
    for (const [action] of matrix) expect(can(user('owner'), action, orgB)).toBe(false);
    expect(canSee(user('owner'), orgB)).toBe(false);
    expect(canSee(user('viewer'), orgA)).toBe(true);
  });

  it('lets the admin token do everything, creating organizations included', () => {
    for (const [action] of matrix) expect(can({ type: 'admin-token' }, action, orgB)).toBe(true);
  });

  it("lets a project API key read its own project's usage and nothing else", () => {
    const key: Principal = { type: 'api-key', apiKeyId: 'k', projectId: projectA, organizationId: orgA };
    expect(can(key, 'usage.read', orgA, projectA)).toBe(true);
    expect(can(key, 'usage.read', orgA, '00000000-0000-4000-8000-0000000000a2')).toBe(false);
    expect(can(key, 'usage.read', orgA)).toBe(false);
    for (const [action] of matrix.filter(([action]) => action !== 'usage.read')) {
      expect(can(key, action, orgA, projectA)).toBe(false);
    }
    expect(canSee(key, orgA)).toBe(false);
    expect(canSee(key, orgA, projectA)).toBe(true);
  });
});
