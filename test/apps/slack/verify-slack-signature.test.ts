import { createHmac } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { verifySlackSignature } from '../../../apps/slack/verify-slack-signature.js';

const secret = '8f742231b10e8888abcd99yyyzzz85a5';
const body = 'token=x&team_id=T1&command=%2Fswitchyard&text=help';
const now = 1_800_000_000;
const sign = (timestamp: string, raw = body, key = secret) =>
  `v0=${createHmac('sha256', key).update(`v0:${timestamp}:${raw}`).digest('hex')}`;
/** Checks a request with this timestamp, signed correctly unless the overrides say otherwise. */
const check = (timestamp: string | undefined, overrides: { signature?: string; rawBody?: string } = {}) =>
  verifySlackSignature({
    signingSecret: secret,
    timestamp,
    signature: overrides.signature ?? sign(timestamp ?? ''),
    rawBody: overrides.rawBody ?? body,
    nowSeconds: now,
  });

describe('verifySlackSignature', () => {
  it('accepts a request signed with the signing secret within the window', () => {
    expect(check(String(now - 10))).toEqual({ valid: true });
  });

  it('refuses a body that is not the one signed', () => {
    expect(check(String(now), { rawBody: `${body}&extra=1` })).toMatchObject({
      valid: false,
      code: 'slack.signature_invalid',
    });
  });

  it('refuses a signature made with another secret, or malformed', () => {
    for (const signature of [sign(String(now), body, 'other'), 'v0=abc', 'garbage']) {
      expect(check(String(now), { signature })).toMatchObject({
        valid: false,
        code: 'slack.signature_invalid',
      });
    }
  });

  it('refuses timestamps more than 300 seconds in the past and in the future, even correctly signed', () => {
    for (const timestamp of [String(now - 301), String(now + 301), 'abc', '-5']) {
      expect(check(timestamp)).toMatchObject({ valid: false, code: 'slack.timestamp_invalid' });
    }
    for (const timestamp of [String(now - 300), String(now + 300)]) {
      expect(check(timestamp).valid).toBe(true);
    }
  });

  it('refuses a request without signature headers', () => {
    expect(check(undefined, { signature: 'v0=1' })).toMatchObject({
      valid: false,
      code: 'slack.signature_missing',
    });
  });
});
