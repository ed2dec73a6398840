import { describe, expect, it } from '@jest/globals';
import { authorizeCommand } from '../../../core/agents/authorize-command.js';
import type { RepositoryPermission } from '../../../core/agents/pull-request-platform.js';

/** A change source whose permission API answers from `permissions` (`none` for anyone else). */
function sourceWith(permissions: Record<string, RepositoryPermission>) {
  const asked: string[] = [];
  return {
    asked,
    source: {
      async getPermission(login: string): Promise<RepositoryPermission> {
        asked.push(login);
        return permissions[login] ?? 'none';
      },
    },
  };
}

const config = (authorizedUsers: string[] = []) => ({ commands: { prefix: '/agent', authorizedUsers } });

describe('authorizeCommand', () => {
  it('allows a user listed in commands.authorizedUsers, whatever the case, without asking the platform', async () => {
    const { source, asked } = sourceWith({});
    expect(await authorizeCommand({ source, config: config(['OctoCat']), login: 'octocat' })).toEqual({
      allowed: true,
    });
    expect(asked).toEqual([]);
  });

  it('allows users with write or admin access on the repository', async () => {
    const { source } = sourceWith({ writer: 'write', owner: 'admin' });
    expect(await authorizeCommand({ source, config: config(), login: 'writer' })).toEqual({ allowed: true });
    expect(await authorizeCommand({ source, config: config(), login: 'owner' })).toEqual({ allowed: true });
  });

  it('refuses read access with a message naming the permission the user has', async () => {
    const { source } = sourceWith({ reader: 'read' });
    const result = await authorizeCommand({ source, config: config(['someone-else']), login: 'reader' });
    expect(result).toMatchObject({ allowed: false, reason: 'reader has read access' });
    if (result.allowed) throw new Error('expected a refusal');
    expect(result.message).toContain('@reader');
    expect(result.message).toContain('you have read access');
    expect(result.message).toContain('commands.authorizedUsers');
  });

  it('refuses a user without any access, saying they have none', async () => {
    const { source } = sourceWith({});
    const result = await authorizeCommand({ source, config: config(), login: 'stranger' });
    expect(result).toMatchObject({ allowed: false, reason: 'stranger has none access' });
    if (result.allowed) throw new Error('expected a refusal');
    expect(result.message).toContain('(you have none)');
  });

  it('refuses a command whose author is unknown, without asking the platform', async () => {
    const { source, asked } = sourceWith({ '': 'admin' });
    const result = await authorizeCommand({ source, config: config(['']), login: '' });
    expect(result).toMatchObject({ allowed: false, reason: 'no author' });
    expect(asked).toEqual([]);
  });

  it('gives a login ending in [bot] no special treatment: the platform’s answer decides', async () => {
    const { source, asked } = sourceWith({ 'dependabot[bot]': 'read', 'switchyard[bot]': 'write' });
    expect(await authorizeCommand({ source, config: config(), login: 'dependabot[bot]' })).toMatchObject({
      allowed: false,
    });
    expect(await authorizeCommand({ source, config: config(), login: 'switchyard[bot]' })).toEqual({
      allowed: true,
    });
    expect(asked).toEqual(['dependabot[bot]', 'switchyard[bot]']);
  });
});
