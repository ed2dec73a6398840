import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a request's timestamp may be from our clock, in either direction (Slack's own advice: 5 minutes). */
export const slackSignatureWindowSeconds = 300;

export type SlackSignatureCheck =
  | { valid: true }
  | {
      valid: false;
      code: 'slack.signature_missing' | 'slack.timestamp_invalid' | 'slack.signature_invalid';
      message: string;
    };

/**
 * Checks `X-Slack-Signature` (`v0=` + HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret), in
 * constant time, and that `X-Slack-Request-Timestamp` is within 300 seconds of now, in the past or in the
 * future: Bolt's own check refuses only old timestamps, so a request signed with a clock far ahead (or a
 * captured one with a forged future timestamp it was signed for) would stay replayable for as long.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  nowSeconds?: number;
}): SlackSignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) {
    return {
      valid: false,
      code: 'slack.signature_missing',
      message:
        'X-Slack-Signature and X-Slack-Request-Timestamp are required: Slack signs every request it sends.',
    };
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  const now = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (!Number.isFinite(seconds) || Math.abs(now - seconds) > slackSignatureWindowSeconds) {
    return {
      valid: false,
      code: 'slack.timestamp_invalid',
      message: `X-Slack-Request-Timestamp is more than ${slackSignatureWindowSeconds} seconds from this server's clock: a replayed request, or a clock to fix (NTP).`,
    };
  }
  const expected = Buffer.from(
    `v0=${createHmac('sha256', input.signingSecret).update(`v0:${timestamp}:${input.rawBody}`).digest('hex')}`,
  );
  const received = Buffer.from(signature);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    return {
      valid: false,
      code: 'slack.signature_invalid',
      message:
        "X-Slack-Signature does not match: check that SLACK_SIGNING_SECRET is the signing secret on the Slack app's Basic Information page.",
    };
  }
  return { valid: true };
}
