import { pino } from 'pino';
import type { ResultSink } from '../../core/agents/pull-request-platform.js';
import { createIdempotently, defaultRetryPolicy, type RetryPolicy } from '../create-idempotently.js';
import { appendMarker } from './append-marker.js';
import type { GitHubPullRequestScope } from './create-github-change-source.js';
import { parseGitHubReplyTarget } from './github-reply-target.js';
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

interface BotComment {
  id: number;
  url: string;
  body: string;
}

// The quoted first line of a command is cut here: it is a reminder, not a copy.
const maximumQuoteLength = 200;

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
  // Comment ids found or created by this sink, so a second upsert of the same marker skips the listing.
  const knownComments = new Map<string, number>();

  const findComment = async (marker: string): Promise<BotComment | undefined> => {
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
      if (found) {
        knownComments.set(marker, found.id);
        return { id: found.id, url: found.html_url, body: found.body ?? '' };
      }
    }
    return undefined;
  };

  const createComment = (marker: string, body: string, what: string) =>
    createIdempotently({
      platform: 'GitHub',
      isTransient: isTransientGitHubError,
      find: () => findComment(marker),
      create: async (): Promise<BotComment> => {
        const { data } = await octokit.rest.issues.createComment({
          owner,
          repo,
          issue_number: number,
          body,
          request: { retries: 0 },
        });
        knownComments.set(marker, data.id);
        return { id: data.id, url: data.html_url, body: data.body ?? body };
      },
      policy: context.retryPolicy,
      logger: context.logger,
      what,
    });

  const editComment = async (marker: string, body: string): Promise<BotComment | undefined> => {
    const id = knownComments.get(marker);
    if (id === undefined) return undefined;
    try {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
      return { id: data.id, url: data.html_url, body };
    } catch (error) {
      // Someone deleted it: forget it and look again.
      if (!hasGitHubStatus(error, 404)) throw error;
      knownComments.delete(marker);
      return undefined;
    }
  };

  const posted = (comment: BotComment) => ({ id: String(comment.id), url: comment.url });

  return {
    upsertStickyComment: (marker, body) =>
      withGitHubErrors(`update the Switchyard comment on ${pull}`, async () => {
        const text = appendMarker(body, marker);
        const known = await editComment(marker, text);
        if (known) return posted(known);
        const existing = await findComment(marker);
        if (existing && existing.body === text) return posted(existing);
        const edited = existing ? await editComment(marker, text) : undefined;
        return posted(edited ?? (await createComment(marker, text, 'post the Switchyard comment')));
      }),

    readStickyComment: (marker) =>
      withGitHubErrors(`read the Switchyard comment on ${pull}`, async () => {
        const found = await findComment(marker);
        return found ? { ...posted(found), body: found.body } : undefined;
      }),

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

    reply: (replyTo, marker, body) =>
      withGitHubErrors(`answer a command on ${pull}`, async () => {
        const target = parseGitHubReplyTarget(replyTo);
        const existing = await findComment(marker);
        if (existing) return posted(existing);
        const quote = await readCommandLine(target.commentId);
        const text = appendMarker(quote ? `${quote}\n\n${body}` : body, marker);
        return posted(await createComment(marker, text, 'answer the command'));
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
      const line = (data.body ?? '').trim().split('\n')[0]!.trim();
      if (line === '') return undefined;
      const cut = line.length > maximumQuoteLength ? `${line.slice(0, maximumQuoteLength)}…` : line;
      // A quoted @mention would notify its target again; a zero-width space after @ keeps the text, not the ping.
      return `> ${cut.replace(/@(?=[\w-])/g, '@\u200b')}`;
    } catch (error) {
      if (hasGitHubStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
