import { equalSecrets } from '../../core/auth/equal-secrets.js';
import { SwitchyardError } from '../../core/errors/switchyard-error.js';

/**
 * Checks `Authorization: Bearer <ADMIN_TOKEN>`. Both sides are hashed first so the comparison takes the
 * same time whatever the length or content of the guess.
 */
export function verifyAdminToken(authorization: string | undefined, adminToken: string | undefined): void {
  if (!adminToken) {
    throw new SwitchyardError({
      code: 'auth.admin_token_not_configured',
      message:
        'No admin token is accepted because ADMIN_TOKEN is not set: set ADMIN_TOKEN (e.g. `openssl rand -hex 24`) ' +
        'and send it as "Authorization: Bearer <ADMIN_TOKEN>", or sign in with POST /api/v1/auth/login',
      status: 401,
    });
  }
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!presented || !equalSecrets(presented, adminToken)) {
    throw new SwitchyardError({
      code: 'auth.invalid_admin_token',
      message: presented
        ? 'The admin token is wrong: send "Authorization: Bearer <ADMIN_TOKEN>" with the server\'s ADMIN_TOKEN'
        : 'The management API needs "Authorization: Bearer <ADMIN_TOKEN>"',
      status: 401,
    });
  }
}
