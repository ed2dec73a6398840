import { afterAll, describe, expect, it } from '@jest/globals';
import { createOidcStateStore } from '../../../../core/auth/oidc/create-oidc-state-store.js';
import { createTestRedis, testKeyPrefix } from '../../../support/test-resources.js';

const redis = createTestRedis('oidc-state-store');
afterAll(() => redis.quit());

describe('the pending single sign-ons', () => {
  it('hands a state back once, and nothing for an unknown one', async () => {
    const states = createOidcStateStore({ redis, keyPrefix: testKeyPrefix('oidc-once') });
    const pending = { nonce: 'n-1', codeVerifier: 'v-1', returnTo: '#/orgs' };
    await states.save('state-1', pending);
    expect(await states.take('state-1')).toEqual(pending);
    expect(await states.take('state-1')).toBeUndefined();
    expect(await states.take('never-saved')).toBeUndefined();
  });

  it('admits a bounded number of starts per address within the TTL, counting each address apart', async () => {
    const states = createOidcStateStore({
      redis,
      keyPrefix: testKeyPrefix('oidc-starts'),
      maxStartsPerAddress: 3,
    });
    const admitted = [];
    for (let start = 0; start < 5; start += 1) admitted.push(await states.admitStart('203.0.113.7'));
    expect(admitted).toEqual([true, true, true, false, false]);
    expect(await states.admitStart('198.51.100.2')).toBe(true);
  });
});
