/** Why a single sign-on failed, as the server's callback put it in `#/sign-in?error=<reason>&email=…`. */
export interface SignInFailure {
  reason: string;
  email: string | undefined;
}

/** The failure in the page's hash, if the server sent the browser back with one. */
export function readSignInFailure(hash: string): SignInFailure | undefined {
  const match = /^#\/sign-in\?(.*)$/.exec(hash);
  if (!match) return undefined;
  const parameters = new URLSearchParams(match[1]);
  const reason = parameters.get('error');
  if (!reason) return undefined;
  return { reason, email: parameters.get('email') ?? undefined };
}

const tryAgain = 'The sign-in took too long or was started in another browser: try again.';

/** What to tell the person, with what they can do about it. */
export function describeSignInFailure({ reason, email }: SignInFailure): string {
  const theirEmail = email ?? 'your email';
  switch (reason) {
    case 'unknown_user':
      return `No Switchyard account for ${theirEmail}: ask an admin to invite you.`;
    case 'account_disabled':
      return `The Switchyard account for ${theirEmail} is disabled: ask an admin to enable it.`;
    case 'email_unverified':
      return `Your identity provider has not verified ${theirEmail}: verify it there, then try again.`;
    case 'email_missing':
      return 'Your identity provider did not tell Switchyard your email: an admin must grant Switchyard the email scope.';
    case 'state_mismatch':
    case 'state_expired':
      return tryAgain;
    case 'too_many_attempts':
      return 'Too many sign-ins were started from your address in the last 10 minutes: wait a few minutes, then try again.';
    case 'access_denied':
      return 'Your identity provider did not let you sign in to Switchyard: ask its admins to give you access to the Switchyard app.';
    case 'idp_unreachable':
      return 'Switchyard cannot reach your identity provider: try again later, or sign in with your email and password.';
    case 'idp_misconfigured':
    case 'token_rejected':
    case 'id_token_invalid':
    case 'idp_error':
      return 'Single sign-on failed between Switchyard and your identity provider: try again, and if it fails again ask an admin to look at the Switchyard server log.';
    default:
      return 'Single sign-on failed: try again, and if it fails again ask an admin to look at the Switchyard server log.';
  }
}
