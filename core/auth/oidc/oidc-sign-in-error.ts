import { SwitchyardError } from '../../errors/switchyard-error.js';

/**
 * Why a single sign-on failed, as the settings page receives it in `#/sign-in?error=<reason>` and explains
 * it to the person. The details go to the server log only.
 */
export type OidcFailureReason =
  | 'too_many_attempts'
  | 'state_mismatch'
  | 'state_expired'
  | 'access_denied'
  | 'idp_error'
  | 'idp_unreachable'
  | 'idp_misconfigured'
  | 'token_rejected'
  | 'id_token_invalid'
  | 'email_missing'
  | 'email_unverified'
  | 'unknown_user'
  | 'account_disabled';

/**
 * A refused single sign-on (`oidc.<reason>`). The message names what failed for the log and never holds a
 * token, a code or a secret; `email` (what the identity provider said) is kept apart so that the log does
 * not get it and the page can show it to its owner.
 */
export class OidcSignInError extends SwitchyardError {
  readonly reason: OidcFailureReason;
  readonly email: string | undefined;

  constructor(reason: OidcFailureReason, message: string, options: { email?: string; cause?: unknown } = {}) {
    super({ code: `oidc.${reason}`, message, status: 400, cause: options.cause });
    this.name = 'OidcSignInError';
    this.reason = reason;
    this.email = options.email;
  }
}
