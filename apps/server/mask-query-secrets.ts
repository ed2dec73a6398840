// Query parameters that carry credentials: an OAuth or OIDC callback's code and state (GitHub's manifest
// setup and single sign-on), and tokens some clients put in URLs.
const secretParameter = /([?&](?:code|state|token|id_token|access_token)=)[^&#]*/gi;

/** The request URL for a log line, with the values of credential-carrying query parameters masked. */
export function maskQuerySecrets(url: string): string {
  return url.includes('?') ? url.replace(secretParameter, '$1[redacted]') : url;
}
