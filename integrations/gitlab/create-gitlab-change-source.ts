import type { Gitlab } from '@gitbeaker/rest';
import { pino } from 'pino';
import type { ChangedFile, ChangeSource } from '../../core/agents/pull-request-platform.js';
import type { Logger } from '../../core/logging/create-logger.js';
import { GitLabError } from './gitlab-error.js';
import { hasGitLabStatus, withGitLabErrors } from './map-gitlab-error.js';
import { mapGitLabAccessLevel, mapGitLabDiff, mapGitLabMergeRequest } from './map-gitlab-merge-request.js';
import { readGitLabFile } from './read-gitlab-file.js';

/** One merge request of one project, read through a GitLab client. */
export interface GitLabMergeRequestScope {
  api: Gitlab;
  /** The project's path (`group/subgroup/project`) or numeric id. */
  project: string | number;
  /** The merge request's iid (the `!42` number within the project). */
  iid: number;
  logger?: Logger;
}

// GitLab cuts a comparison short at the instance's `diff_max_files` (1,000 by default).
const comparisonFileCap = 1000;

/** The ChangeSource of one GitLab merge request. */
export function createGitLabChangeSource(scope: GitLabMergeRequestScope): ChangeSource {
  const { api, project, iid } = scope;
  const logger = scope.logger ?? pino({ level: 'silent' });
  const mergeRequest = `${project}!${iid}`;

  return {
    getPullRequest: () =>
      withGitLabErrors(`read merge request ${mergeRequest}`, async () => {
        const [data, projectData] = await Promise.all([
          api.MergeRequests.show(project, iid),
          api.Projects.show(project),
        ]);
        // A merge request just opened or pushed to has no diff_refs until GitLab has computed its diff.
        if (!data.diff_refs?.base_sha || !data.diff_refs.head_sha) {
          throw new GitLabError({
            code: 'gitlab.unavailable',
            message: `GitLab is still preparing the diff of merge request ${mergeRequest}: try again shortly`,
            retryable: true,
            status: 503,
          });
        }
        return mapGitLabMergeRequest(data, {
          path: projectData.path_with_namespace,
          defaultBranch: projectData.default_branch ?? data.target_branch,
        });
      }),

    listChangedFiles: () =>
      withGitLabErrors(`list the files of ${mergeRequest}`, async () => {
        const diffs = await api.MergeRequests.allDiffs(project, iid, { perPage: 100 });
        const hidden = diffs.filter((file) => file.too_large === true || file.collapsed === true).length;
        if (hidden > 0) {
          logger.warn(
            { mergeRequest, files: diffs.length, hidden },
            'GitLab sent some diffs without their hunks',
          );
        }
        return diffs.map(mapGitLabDiff);
      }),

    compareCommits: (base, head) =>
      withGitLabErrors(`compare ${base}...${head} in ${project}`, async () => {
        // GitLab's compare answers for any two commits; only a head that descends from base gives "what changed
        // since the last review" (a force-push or rebase does not), so ask for the merge base first.
        let mergeBase: { id: string };
        try {
          mergeBase = await api.Repositories.mergeBase(project, [base, head]);
        } catch (error) {
          // 400 "Could not find ref": a force-push left `base` unreachable; 404: no common ancestor.
          if (hasGitLabStatus(error, 400) || hasGitLabStatus(error, 404)) return undefined;
          throw error;
        }
        if (!mergeBase.id.startsWith(base) && !base.startsWith(mergeBase.id)) return undefined;
        const comparison = await api.Repositories.compare(project, base, head);
        if (comparison.compare_same_ref) return [];
        const diffs = comparison.diffs ?? [];
        // A comparison that timed out or hit the file cap is partial: fall back to a full review.
        if (comparison.compare_timeout || diffs.length >= comparisonFileCap) return undefined;
        return diffs.map((diff): ChangedFile => mapGitLabDiff(diff));
      }),

    readFile: (path, ref) => readGitLabFile(api, project, path, ref),

    getPermission: (login) =>
      withGitLabErrors(`read the role of ${login} in ${project}`, async () => {
        const users = await api.Users.all({ username: login });
        const user = users.find((candidate) => candidate.username.toLowerCase() === login.toLowerCase());
        if (!user) return 'none';
        try {
          // `members/all` includes roles inherited from groups and shared groups.
          const member = await api.ProjectMembers.show(project, user.id, { includeInherited: true });
          // A blocked or not-yet-approved member has a role on paper only.
          if (typeof member.state === 'string' && member.state !== 'active') return 'none';
          return mapGitLabAccessLevel(Number(member.access_level));
        } catch (error) {
          if (hasGitLabStatus(error, 404)) return 'none';
          throw error;
        }
      }),
  };
}
