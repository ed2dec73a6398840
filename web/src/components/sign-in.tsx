import { type FormEvent, useEffect, useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { AuthMethods } from '../api-types.js';
import { describeSignInFailure, readSignInFailure } from '../describe-sign-in-failure.js';
import { ErrorBanner } from './error-banner.js';

/** Where single sign-on starts; the server sends the browser back to `returnTo` (a hash route) afterwards. */
function singleSignOnUrl(hash: string): string {
  const returnTo = hash.startsWith('#/') && !hash.startsWith('#/sign-in') ? hash : undefined;
  return `/api/v1/auth/oidc/start${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`;
}

/**
 * Email and password sign-in, and single sign-on when the server offers it; the session is an httpOnly
 * cookie the page never sees.
 */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [methods, setMethods] = useState<AuthMethods>();
  const [singleSignOnError, setSingleSignOnError] = useState(() => {
    const failure = readSignInFailure(window.location.hash);
    return failure && describeSignInFailure(failure);
  });
  useEffect(() => {
    api<AuthMethods>('GET', '/auth/methods')
      .then(setMethods)
      // Without the answer the page offers what always works: email and password.
      .catch(() => undefined);
  }, []);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSingleSignOnError(undefined);
    try {
      await api('POST', '/auth/login', { email, password });
      // A failed single sign-on's address is no place to stay once signed in.
      if (window.location.hash.startsWith('#/sign-in')) window.location.hash = '#/';
      onSignedIn();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="narrow">
      <h1>Sign in to Switchyard</h1>
      <ErrorBanner message={singleSignOnError} />
      {methods?.oidc && (
        <>
          <a className="button-link single-sign-on" href={singleSignOnUrl(window.location.hash)}>
            {methods.oidc.label}
          </a>
          <p className="muted">Or with your email and password:</p>
        </>
      )}
      <form onSubmit={submit}>
        <label htmlFor="email">Email</label>
        <input
          id="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <ErrorBanner message={error} />
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
