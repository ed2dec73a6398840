import type { Environment } from '../../core/config/environment.js';

/** Where the identity provider sends people back, below PUBLIC_URL. */
export const oidcCallbackPath = '/api/v1/auth/oidc/callback';

/** Single sign-on as configured by the OIDC_* variables. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** The sign-in page's button text. */
  buttonLabel: string;
  /** `<PUBLIC_URL>/api/v1/auth/oidc/callback`, registered at the identity provider. */
  redirectUri: string;
}

/** The single sign-on settings, or undefined when OIDC_ISSUER is unset (loadEnvironment checked the rest). */
export function readOidcSettings(environment: Environment): OidcSettings | undefined {
  const { OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, PUBLIC_URL } = environment;
  if (!OIDC_ISSUER || !OIDC_CLIENT_ID || !OIDC_CLIENT_SECRET || !PUBLIC_URL) return undefined;
  return {
    issuer: OIDC_ISSUER,
    clientId: OIDC_CLIENT_ID,
    clientSecret: OIDC_CLIENT_SECRET,
    scopes: environment.OIDC_SCOPES,
    buttonLabel: environment.OIDC_BUTTON_LABEL ?? 'Sign in with single sign-on',
    redirectUri: `${PUBLIC_URL.replace(/\/+$/, '')}${oidcCallbackPath}`,
  };
}
