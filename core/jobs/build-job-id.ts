import { createHash } from 'node:crypto';
import type { JobRequest } from './job-request.js';

/** The deterministic names of one job request. */
export interface JobIdentity {
  /**
   * BullMQ job id: the same for the same work, so redelivered webhooks and double clicks collapse.
   * Only `[a-z0-9._-]` (BullMQ refuses `:`), at most 120 characters.
   */
  jobId: string;
  /**
   * Project, target and agent (and, for `ask`, question and asker): a newer job for it supersedes older ones.
   * A repository's `config` jobs share one, so the newest push's read replaces a waiting older one.
   */
  targetKey: string;
}

/** The parts of a request that decide its identity. */
export type JobIdentityInput = Pick<
  JobRequest,
  'projectId' | 'target' | 'agent' | 'revision' | 'question' | 'requestedBy'
>;

const readableRevision = /^[a-z0-9._-]{1,64}$/;

function digest(parts: readonly unknown[], length: number): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, length);
}

/**
 * Builds the job id and target key of a request. Readable where it can be (`review-pr42-<digest>-<sha>`,
 * `config-repo-<digest>-<sha>`), hashed where it must be: the repository and the question only ever appear
 * inside the digest, and a revision that is not a plain commit SHA is hashed too, which bounds the length.
 */
export function buildJobId(request: JobIdentityInput): JobIdentity {
  const { target, agent } = request;
  // Two different questions (or the same one from two people) are two jobs; the same question asked twice is one.
  const askParts = agent === 'ask' ? [request.question ?? '', request.requestedBy ?? ''] : [];
  // Each command comment is its own work: a `budget` must not supersede a `pause` typed just before it.
  const commandParts = agent === 'command' ? [request.revision] : [];
  const number = target.kind === 'pull_request' ? target.number : undefined;
  const targetDigest = digest(
    // Repository paths are case-insensitive on GitHub and GitLab.
    [
      request.projectId,
      target.kind,
      target.repository.toLowerCase(),
      ...(number === undefined ? [] : [number]),
      agent,
      ...askParts,
      ...commandParts,
    ],
    24,
  );
  const targetKey = `${agent}-${number === undefined ? 'repo' : `pr${number}`}-${targetDigest}`;
  const revision = request.revision.toLowerCase();
  const revisionPart = readableRevision.test(revision) ? revision : `h${digest([request.revision], 32)}`;
  return { jobId: `${targetKey}-${revisionPart}`, targetKey };
}
