import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { type FakeGitLab, startFakeGitLab } from './gitlab-server.js';

let gitlab: FakeGitLab;
beforeAll(async () => {
  gitlab = await startFakeGitLab();
});
afterAll(() => gitlab.close());
beforeEach(() => gitlab.reset());

const project = encodeURIComponent('acme/widgets');

function call(path: string, init: RequestInit & { token?: string | null } = {}) {
  const { token, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (token !== null) headers.set('PRIVATE-TOKEN', token ?? gitlab.token);
  return fetch(`${gitlab.url}/api/v4/${path}`, { ...rest, headers });
}

function seed() {
  const seeded = gitlab.project('acme/widgets', { files: { 'a.txt': 'one\ntwo\nthree\n' } });
  return seeded.mergeRequest({ files: { 'a.txt': 'one\n2\nthree\n' } });
}

describe('the GitLab stand-in', () => {
  it('answers 401 as GitLab does without the token, and 404 for unknown projects', async () => {
    const refused = await call('user', { token: null });
    expect([refused.status, await refused.json()]).toEqual([401, { message: '401 Unauthorized' }]);
    const missing = await call(`projects/${project}`);
    expect([missing.status, await missing.json()]).toEqual([404, { message: '404 Project Not Found' }]);
  });

  it('searches users by public email for anyone, and by private email and among blocked users for an administrator', async () => {
    const seedUsers = (fake: FakeGitLab) => {
      fake.user('ada', { name: 'Ada Lovelace', email: 'ada@example.com' });
      fake.user('grace', { email: 'grace@corp.example', publicEmail: 'Grace@Example.com' });
      fake.user('old-ada', {
        email: 'old-ada@example.com',
        publicEmail: 'ada@example.com',
        state: 'blocked',
      });
    };
    const search = async (fake: FakeGitLab, query: string) => {
      const response = await fetch(`${fake.url}/api/v4/users?${query}`, {
        headers: { 'PRIVATE-TOKEN': fake.token },
      });
      return (await response.json()) as Array<Record<string, unknown>>;
    };
    seedUsers(gitlab);
    expect(await search(gitlab, 'search=ada%40example.com')).toEqual([]);
    const [grace, ...others] = await search(gitlab, 'search=grace%40example.com');
    expect(others).toEqual([]);
    expect(grace).toEqual({
      id: expect.any(Number),
      username: 'grace',
      name: 'Grace',
      state: 'active',
      locked: false,
      avatar_url: expect.stringContaining('gravatar'),
      web_url: `${gitlab.url}/grace`,
    });
    expect((await search(gitlab, 'search=lovelace')).map((user) => user.username)).toEqual(['ada']);

    const admin = await startFakeGitLab({ admin: true });
    try {
      seedUsers(admin);
      const found = await search(admin, 'search=ADA%40example.com');
      // The public email's match first, then by name; an administrator sees the blocked user and emails.
      expect(found.map((user) => [user.username, user.state, user.email])).toEqual([
        ['old-ada', 'blocked', 'old-ada@example.com'],
        ['ada', 'active', 'ada@example.com'],
      ]);
      expect(found[0]).toMatchObject({ public_email: 'ada@example.com', is_admin: false, bot: false });
      const active = await search(admin, 'search=ada%40example.com&active=true');
      expect(active.map((user) => user.username)).toEqual(['ada']);
    } finally {
      await admin.close();
    }
  });

  it('paginates with x-next-page, x-total and a link header', async () => {
    const mergeRequest = seed();
    for (let index = 0; index < 3; index += 1) mergeRequest.note(`note ${index}`);
    const response = await call(`projects/${project}/merge_requests/1/notes?per_page=2&sort=asc`);
    expect(response.headers.get('x-total')).toBe('3');
    expect(response.headers.get('x-next-page')).toBe('2');
    expect(response.headers.get('link')).toContain('rel="next"');
    expect(((await response.json()) as Array<{ body: string }>).map((note) => note.body)).toEqual([
      'note 0',
      'note 1',
    ]);
  });

  it('refuses a diff position whose line is not in the diff, with GitLab message, from a form or JSON', async () => {
    const mergeRequest = seed();
    const refs = {
      base_sha: mergeRequest.baseSha,
      start_sha: mergeRequest.baseSha,
      head_sha: mergeRequest.headSha,
    };
    const form = new FormData();
    form.append('body', 'Outside the diff');
    for (const [key, value] of Object.entries({
      ...refs,
      position_type: 'text',
      new_path: 'a.txt',
      old_path: 'a.txt',
      new_line: '9',
    })) {
      form.append(`position[${key}]`, value);
    }
    const refused = await call(`projects/${project}/merge_requests/1/discussions`, {
      method: 'POST',
      body: form,
    });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({
      message: '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}',
    });

    const accepted = await call(`projects/${project}/merge_requests/1/discussions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        body: 'On the changed line',
        position: { ...refs, position_type: 'text', new_path: 'a.txt', old_path: 'a.txt', new_line: 2 },
      }),
    });
    expect(accepted.status).toBe(201);
    expect(await accepted.json()).toMatchObject({
      individual_note: false,
      notes: [
        {
          type: 'DiffNote',
          position: { new_line: 2, old_line: null },
          author: { username: 'switchyard-bot' },
        },
      ],
    });
  });
});
