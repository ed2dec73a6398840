import type { CodePlatform, JobRequest } from './job-request.js';

/**
 * The `config` job of a repository: re-read `.switchyard.yml` on its default branch and record it. Keyed by
 * project and `revision` (the pushed commit, or what connected the repository), so redeliveries collapse,
 * and a newer one supersedes an older one still waiting.
 */
export function buildConfigJobRequest(input: {
  project: { projectId: string; organizationId: string };
  platform: CodePlatform;
  /** `owner/name` on GitHub, the project path on GitLab. */
  repository: string;
  revision: string;
  deliveryId?: string;
}): JobRequest {
  return {
    projectId: input.project.projectId,
    organizationId: input.project.organizationId,
    platform: input.platform,
    target: { kind: 'repository', platform: input.platform, repository: input.repository },
    agent: 'config',
    revision: input.revision,
    trigger: 'automatic',
    ...(input.deliveryId ? { deliveryId: input.deliveryId } : {}),
  };
}
