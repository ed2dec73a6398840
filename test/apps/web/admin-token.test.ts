import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';

describe('the management API admin token', () => {
  let management: ManagementServer;
  let unconfigured: ManagementServer;
  beforeAll(async () => {
    management = await startManagementServer();
    unconfigured = await startManagementServer({ ADMIN_TOKEN: '' });
  });
  afterAll(async () => {
    await management.close();
    await unconfigured.close();
  });

  it('refuses a request without an Authorization header or a session cookie', async () => {
    const response = await management.call('GET', '/api/v1/orgs', undefined, null);
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.unauthenticated');
    expect(response.json().error.requestId).toBe(response.headers['x-request-id']);
  });

  it('refuses a wrong admin token, also on writes', async () => {
    const wrong = await management.call(
      'GET',
      '/api/v1/orgs',
      undefined,
      'test-admin-token-0123456789abcdeX',
    );
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('auth.invalid_admin_token');
    const write = await management.call('POST', '/api/v1/orgs', { name: 'intruder' }, 'short');
    expect(write.statusCode).toBe(401);
    const organizations = await management.call('GET', '/api/v1/orgs');
    expect(organizations.json().organizations.map((row: { name: string }) => row.name)).not.toContain(
      'intruder',
    );
  });

  it('refuses a token sent without the Bearer scheme', async () => {
    const response = await management.send('GET', '/api/v1/orgs', {
      authorization: 'test-admin-token-0123456789abcdef',
    });
    expect(response.statusCode).toBe(401);
  });

  it('accepts the configured admin token', async () => {
    const response = await management.call('GET', '/api/v1/orgs');
    expect(response.statusCode).toBe(200);
  });

  it('says to set ADMIN_TOKEN when it is not configured', async () => {
    const response = await unconfigured.call('GET', '/api/v1/orgs', undefined, 'anything-at-all-0123456789');
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('auth.admin_token_not_configured');
    expect(response.json().error.message).toContain('set ADMIN_TOKEN');
  });

  it('leaves health checks open without a token', async () => {
    const response = await management.call('GET', '/healthz', undefined, null);
    expect(response.statusCode).toBe(200);
  });
});
