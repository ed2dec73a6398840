import type { RepositoryConfig } from '../config/repository-config/repository-config-schema.js';
import type { ChangeSource } from './pull-request-platform.js';

export type CommandAuthorization = { allowed: true } | { allowed: false; reason: string; message: string };

/**
 * Whether `login` may run a command on this repository: listed in `commands.authorizedUsers`, or write
 * access or higher as the platform's permission API reports it. Never inferred from the login itself or
 * from the comment's author association.
 */
export async function authorizeCommand(input: {
  source: Pick<ChangeSource, 'getPermission'>;
  config: Pick<RepositoryConfig, 'commands'>;
  login: string;
}): Promise<CommandAuthorization> {
  const { login, config } = input;
  if (login === '') {
    return {
      allowed: false,
      reason: 'no author',
      message: 'Switchyard cannot tell who sent this command, so it does not run it.',
    };
  }
  const listed = config.commands.authorizedUsers.some((user) => user.toLowerCase() === login.toLowerCase());
  if (listed) return { allowed: true };
  const permission = await input.source.getPermission(login);
  if (permission === 'write' || permission === 'admin') return { allowed: true };
  return {
    allowed: false,
    reason: `${login} has ${permission} access`,
    message:
      `@${login}, Switchyard commands need write access to this repository (you have ${permission === 'none' ? 'none' : `${permission} access`}). ` +
      'Ask a maintainer to run it, or to add you to `commands.authorizedUsers` in `.switchyard.yml`.',
  };
}
