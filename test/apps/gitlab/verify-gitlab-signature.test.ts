import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { verifyGitLabSignature } from '../../../apps/gitlab/verify-gitlab-signature.js';
import { verifyGitLabToken } from '../../../apps/gitlab/verify-gitlab-token.js';
import { signedWebhookHeaders } from './__fixtures__/gitlab-webhook-examples.js';

const signingToken = `whsec_${randomBytes(32).toString('base64')}`;
const body = JSON.stringify({ object_kind: 'merge_request' });
const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const seconds = Math.floor(now / 1000);

describe('verifyGitLabToken', () => {
  it('accepts the secret token and refuses any other, whatever its length', () => {
    expect(verifyGitLabToken('s3cret-token', 's3cret-token')).toBe(true);
    expect(verifyGitLabToken('s3cret-tokeN', 's3cret-token')).toBe(false);
    expect(verifyGitLabToken('s3cret', 's3cret-token')).toBe(false);
    expect(verifyGitLabToken('', 's3cret-token')).toBe(false);
  });
});

describe('verifyGitLabSignature', () => {
  it('accepts a delivery signed with the signing token', () => {
    const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds });
    expect(verifyGitLabSignature(headers, body, signingToken, now)).toEqual({ valid: true });
  });

  it('accepts a delivery when any of several signatures matches (a token being rotated)', () => {
    const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds });
    const other = signedWebhookHeaders(`whsec_${randomBytes(32).toString('base64')}`, body, {
      id: headers.id,
      timestamp: seconds,
    });
    const signature = `${other.signature} ${headers.signature}`;
    expect(verifyGitLabSignature({ ...headers, signature }, body, signingToken, now).valid).toBe(true);
  });

  it('refuses a signature made with another token', () => {
    const headers = signedWebhookHeaders(`whsec_${randomBytes(32).toString('base64')}`, body, {
      timestamp: seconds,
    });
    expect(verifyGitLabSignature(headers, body, signingToken, now)).toMatchObject({
      valid: false,
      code: 'gitlab.signature_invalid',
    });
  });

  it('refuses a body, id or timestamp changed after signing', () => {
    const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds });
    expect(verifyGitLabSignature(headers, `${body} `, signingToken, now).valid).toBe(false);
    expect(verifyGitLabSignature({ ...headers, id: 'msg_other' }, body, signingToken, now).valid).toBe(false);
    const moved = { ...headers, timestamp: String(seconds + 1) };
    expect(verifyGitLabSignature(moved, body, signingToken, now).valid).toBe(false);
  });

  it.each([
    ['stale', -301],
    ['future', 301],
  ])('refuses a %s timestamp more than 300 seconds away, even correctly signed', (_label, offset) => {
    const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds + offset });
    expect(verifyGitLabSignature(headers, body, signingToken, now)).toMatchObject({
      valid: false,
      code: 'gitlab.signature_expired',
    });
  });

  it('accepts a timestamp just inside the tolerance', () => {
    for (const offset of [-300, 300]) {
      const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds + offset });
      expect(verifyGitLabSignature(headers, body, signingToken, now).valid).toBe(true);
    }
  });

  it('refuses a delivery without the signature headers, or with a timestamp that is not a number', () => {
    const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds });
    for (const missing of ['id', 'timestamp', 'signature'] as const) {
      expect(
        verifyGitLabSignature({ ...headers, [missing]: undefined }, body, signingToken, now),
      ).toMatchObject({ valid: false, code: 'gitlab.signature_missing' });
    }
    const notANumber = { ...headers, timestamp: '2026-01-15T12:00:00Z' };
    expect(verifyGitLabSignature(notANumber, body, signingToken, now).valid).toBe(false);
  });

  it('refuses entries of other versions and malformed entries', () => {
    const headers = signedWebhookHeaders(signingToken, body, { timestamp: seconds });
    const value = headers.signature.slice('v1,'.length);
    for (const signature of [`v2,${value}`, value, 'v1,', 'v1,not base64!']) {
      expect(verifyGitLabSignature({ ...headers, signature }, body, signingToken, now).valid).toBe(false);
    }
  });

  it('uses a signing token without the whsec_ prefix as the key itself', () => {
    const token = 'plain-signing-token';
    const id = 'msg_1';
    const timestamp = String(seconds);
    const mac = createHmac('sha256', token).update(`${id}.${timestamp}.${body}`).digest('base64');
    const headers = { id, timestamp, signature: `v1,${mac}` };
    expect(verifyGitLabSignature(headers, body, token, now).valid).toBe(true);
  });
});
