import { pino } from 'pino';
import type { ResultSink } from '../../core/agents/pull-request-platform.js';
import { defaultRetryPolicy, type RetryPolicy } from '../create-idempotently.js';
import { createMarkedComments } from '../create-marked-comments.js';
import { quoteCommandLine } from '../quote-command-line.js';
import type { GitHubPullRequestScope } from './create-github-change-source.js';
import { githubReplyTargetSchema, parseGitHubReplyTarget } from './github-reply-target.js';
import type { GitHubSinkContext } from './github-sink-context.js';
import { hasGitHubStatus, isTransientGitHubError, withGitHubErrors } from './map-github-error.js';
import { postGitHubReview } from './post-github-review.js';
import { readFindingFingerprints } from './read-finding-fingerprints.js';

/** A pull request scope, plus who the bot is and how writes retry. */
export interface GitHubResultSinkOptions extends GitHubPullRequestScope {
  /** The app's login, `<slug>[bot]` (GitHubClientFactory.botLogin()): only its comments are ever edited. */
  botLogin: string;
  /** Retries of comment and review creation after a 5xx (default: 3, after 1, 4, 9 s). */
  retryPolicy?: RetryPolicy;
}

/** The ResultSink of one GitHub pull request: issue comments, one review per run, reactions on commands. */
export function createGitHubResultSink(options: GitHubResultSinkOptions): ResultSink {
  const { octokit, owner, repo, number } = options;
  const botLogin = options.botLogin.toLowerCase();
  const context: GitHubSinkContext = {
    ...options,
    logger: options.logger ?? pino({ level: 'silent' }),
    retryPolicy: options.retryPolicy ?? defaultRetryPolicy,
    isBot: (user) => user?.login.toLowerCase() === botLogin,
  };
  const pull = `${owner}/${repo}#${number}`;
  const markedComments = createMarkedComments({
    platform: 'GitHub',
    findOwn: async (marker) => {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, {
        owner,
        repo,
        issue_number: number,
        per_page: 100,
      });
      for await (const page of pages) {
        const found = page.data.find(
          (comment) => context.isBot(comment.user) && comment.body?.includes(marker),
        );
        if (found) return { id: found.id, url: found.html_url, body: found.body ?? '' };
      }
      return undefined;
    },
    create: async (body) => {
      const { data } = await octokit.rest.issues.createComment({
        owner,
        repo,
        issue_number: number,
        body,
        request: { retries: 0 },
      });
      return { id: data.id, url: data.html_url, body: data.body ?? body };
    },
    edit: async (id, body) => {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
      return { id: data.id, url: data.html_url };
    },
    isNotFound: (error) => hasGitHubStatus(error, 404),
    isTransient: isTransientGitHubError,
    retryPolicy: context.retryPolicy,
    logger: context.logger,
  });

  return {
    upsertStickyComment: (marker, body) =>
      withGitHubErrors(`update the Switchyard comment on ${pull}`, () =>
        markedComments.upsert(marker, body, 'post the Switchyard comment'),
      ),

    readStickyComment: (marker) =>
      withGitHubErrors(`read the Switchyard comment on ${pull}`, () => markedComments.read(marker)),

    postReview: (input) =>
      withGitHubErrors(`post the review on ${pull}`, () => postGitHubReview(context, input)),

    listPostedFingerprints: () =>
      withGitHubErrors(`list the review comments of ${pull}`, async () => {
        const comments = await octokit.paginate(octokit.rest.pulls.listReviewComments, {
          owner,
          repo,
          pull_number: number,
          per_page: 100,
        });
        return new Set(
          comments
            .filter((comment) => context.isBot(comment.user))
            .flatMap((comment) => readFindingFingerprints(comment.body)),
        );
      }),

    replyKey: (replyTo) => {
      const parsed = githubReplyTargetSchema.safeParse(replyTo);
      return parsed.success ? String(parsed.data.commentId) : undefined;
    },
    reply: (replyTo, marker, body) =>
      withGitHubErrors(`answer a command on ${pull}`, async () => {
        const target = parseGitHubReplyTarget(replyTo);
        const existing = await markedComments.find(marker);
        if (existing) return existing;
        const quote = await readCommandLine(target.commentId);
        return markedComments.create(marker, quote ? `${quote}\n\n${body}` : body, 'answer the command');
      }),

    react: (replyTo, reaction) =>
      withGitHubErrors(`react to a command on ${pull}`, async () => {
        const { commentId } = parseGitHubReplyTarget(replyTo);
        try {
          await octokit.rest.reactions.createForIssueComment({
            owner,
            repo,
            comment_id: commentId,
            content: reaction,
          });
          if (reaction === 'eyes') return;
          const reactions = await octokit.paginate(octokit.rest.reactions.listForIssueComment, {
            owner,
            repo,
            comment_id: commentId,
            content: 'eyes',
            per_page: 100,
          });
          const ownEyes = reactions.filter(
            (candidate) => candidate.content === 'eyes' && context.isBot(candidate.user),
          );
          for (const eyes of ownEyes) {
            await octokit.rest.reactions.deleteForIssueComment({
              owner,
              repo,
              comment_id: commentId,
              reaction_id: eyes.id,
            });
          }
        } catch (error) {
          if (!hasGitHubStatus(error, 404)) throw error;
          context.logger.info({ pull, commentId, reaction }, 'The command comment is gone: no reaction');
        }
      }),
  };

  /** The command's first line as a Markdown quote, mentions defused; undefined when the comment is gone. */
  async function readCommandLine(commentId: number): Promise<string | undefined> {
    try {
      const { data } = await octokit.rest.issues.getComment({ owner, repo, comment_id: commentId });
      return quoteCommandLine(data.body);
    } catch (error) {
      if (hasGitHubStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
