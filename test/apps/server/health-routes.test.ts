import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ManagementServer, startManagementServer } from '../../support/start-switchyard.js';

let switchyard: ManagementServer;
beforeAll(async () => {
  switchyard = await startManagementServer();
});
afterAll(() => switchyard?.close());

describe('health, readiness and metrics', () => {
  it('answers /healthz while the process is alive', async () => {
    const response = await switchyard.send('GET', '/healthz', {});
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'ok' });
  });

  it('reports Redis, Postgres, migrations and the Redis eviction policy on /readyz', async () => {
    const response = await switchyard.send('GET', '/readyz', {});
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: 'ready',
      warnings: [],
      checks: {
        redis: { ok: true, maxmemoryPolicy: 'noeviction' },
        postgres: { ok: true },
        migrations: { ok: true },
      },
    });
  });

  it('serves Prometheus metrics and echoes a request id', async () => {
    const response = await switchyard.send('GET', '/metrics', { 'x-request-id': 'trace-0123456789' });
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toContain('switchyard_http_request_duration_seconds');
    expect(response.headers['x-request-id']).toBe('trace-0123456789');
  });

  it('answers an unknown route with a JSON 404 naming it', async () => {
    const response = await switchyard.send('GET', '/nowhere', {});
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({
      code: 'request.not_found',
      message: 'No route for GET /nowhere',
    });
  });
});
