import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import type { z } from 'zod';
import type {
  mergeRequestHookPayloadSchema,
  noteHookPayloadSchema,
  pushHookPayloadSchema,
} from '../../../../apps/gitlab/gitlab-payloads.js';

/**
 * Payloads as GitLab sends them, copied from the examples of GitLab's "Webhook events" documentation
 * (doc/user/project/integrations/webhook_events.md): merge request hook, note on a merge request (with the
 * `discussion_id` real deliveries carry), note on an issue, push hook. Typed by the fields Switchyard reads.
 */
const load = createRequire(import.meta.url);

export type MergeRequestHookExample = z.input<typeof mergeRequestHookPayloadSchema>;
export type NoteHookExample = z.input<typeof noteHookPayloadSchema>;
export type PushHookExample = z.input<typeof pushHookPayloadSchema> & Record<string, unknown>;

/** The documented merge request hook with `action` (open by default) and these attribute changes. */
export function mergeRequestHookExample(
  action = 'open',
  attributes: Partial<MergeRequestHookExample['object_attributes']> & Record<string, unknown> = {},
): MergeRequestHookExample {
  const payload = structuredClone(load('./merge-request-hook.json')) as MergeRequestHookExample;
  Object.assign(payload.object_attributes, { action, ...attributes });
  return payload;
}

/** The documented note on merge request !1, saying `note`, by `root`. */
export function mergeRequestNoteExample(note: string): NoteHookExample {
  const payload = structuredClone(load('./note-hook-merge-request.json')) as NoteHookExample;
  payload.object_attributes.note = note;
  return payload;
}

/** The documented note on issue #17, saying `note`. */
export function issueNoteExample(note: string): NoteHookExample {
  const payload = structuredClone(load('./note-hook-issue.json')) as NoteHookExample;
  payload.object_attributes.note = note;
  return payload;
}

/** The documented push hook: one commit to the default branch `master` (CHANGELOG added, a Ruby file changed). */
export function pushHookExample(): PushHookExample {
  return structuredClone(load('./push-hook.json')) as PushHookExample;
}

/**
 * The Standard Webhooks headers GitLab adds with a signing token, written from the specification (not from
 * Switchyard's verifier): HMAC-SHA256 keyed with the base64 after `whsec_`, over `${id}.${timestamp}.${body}`.
 */
export function signedWebhookHeaders(
  signingToken: string,
  body: string,
  options: { id?: string; timestamp?: number } = {},
): { id: string; timestamp: string; signature: string } {
  const id = options.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const key = Buffer.from(signingToken.replace(/^whsec_/, ''), 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  return { id, timestamp, signature: `v1,${mac}` };
}
