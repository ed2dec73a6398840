import { randomBytes } from 'node:crypto';
import type { ApiResponse, ManagementServer } from './start-switchyard.js';

/** A signed-in browser as the API sees it: the session cookie and the CSRF token from /auth/me. */
export interface SignedInUser {
  userId: string;
  email: string;
  password: string;
  cookie: string;
  csrfToken: string;
  /** Sends a request with the session cookie, and the CSRF token unless `csrf` is false. */
  call(
    method: string,
    url: string,
    body?: unknown,
    options?: { csrf?: boolean | string },
  ): Promise<ApiResponse>;
}

/** The `name=value` of the session cookie in a response's Set-Cookie header. */
export function readSessionCookie(response: ApiResponse): string {
  const header = response.headers['set-cookie'] ?? '';
  const pair = header.split(';')[0] ?? '';
  if (!pair.startsWith('switchyard_session=')) throw new Error(`no session cookie in ${header}`);
  return pair;
}

/** Signs in over HTTP and returns the signed-in user. */
export async function signIn(
  management: ManagementServer,
  email: string,
  password: string,
): Promise<Omit<SignedInUser, 'userId'> & { userId: string }> {
  const response = await management.send(
    'POST',
    '/api/v1/auth/login',
    { 'content-type': 'application/json' },
    JSON.stringify({ email, password }),
  );
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const cookie = readSessionCookie(response);
  const me = response.json();
  return {
    userId: me.user.id as string,
    email,
    password,
    cookie,
    csrfToken: me.csrfToken as string,
    call(method, url, body, options = {}) {
      const headers: Record<string, string> = { cookie };
      const csrf = options.csrf ?? true;
      if (csrf !== false) headers['x-csrf-token'] = csrf === true ? (me.csrfToken as string) : csrf;
      if (body !== undefined) headers['content-type'] = 'application/json';
      return management.send(method, url, headers, body === undefined ? undefined : JSON.stringify(body));
    },
  };
}

/** Creates a user with a role in an organization through the admin token, then signs them in. */
export async function createSignedInUser(
  management: ManagementServer,
  organizationId: string,
  role: 'owner' | 'admin' | 'member' | 'viewer',
): Promise<SignedInUser> {
  const email = `${role}-${randomBytes(4).toString('hex')}@example.test`;
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const created = await management.call('POST', '/api/v1/users', {
    email,
    name: `A ${role}`,
    password,
    organizationId,
    role,
  });
  if (created.statusCode !== 201) throw new Error(`user creation failed: ${created.body}`);
  return signIn(management, email, password);
}
