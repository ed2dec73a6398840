import { pino } from 'pino';
import type { CommandReaction, ResultSink } from '../../core/agents/pull-request-platform.js';
import { createIdempotently, defaultRetryPolicy, type RetryPolicy } from '../create-idempotently.js';
import { createMarkedComments } from '../create-marked-comments.js';
import { quoteCommandLine } from '../quote-command-line.js';
import type { GitLabMergeRequestScope } from './create-gitlab-change-source.js';
import type { GitLabTokenUser } from './create-gitlab-client.js';
import { gitlabReplyTargetSchema, parseGitLabReplyTarget } from './gitlab-reply-target.js';
import type { GitLabSinkContext } from './gitlab-sink-context.js';
import { hasGitLabStatus, isTransientGitLabError, withGitLabErrors } from './map-gitlab-error.js';
import { listPostedFindings, postGitLabReview } from './post-gitlab-review.js';

/** A merge request scope, plus who the token's user is and how creations retry. */
export interface GitLabResultSinkOptions extends GitLabMergeRequestScope {
  /** The token's user (GitLabClient.tokenUser()): only its notes are ever edited, its award emoji removed. */
  tokenUser: GitLabTokenUser;
  /** Retries of note and discussion creation after a 5xx (default: 3, after 1, 4, 9 s). */
  retryPolicy?: RetryPolicy;
}

/** GitLab's award emoji names for the neutral reactions. */
const awardNames: Record<CommandReaction, string> = {
  eyes: 'eyes',
  '+1': 'thumbsup',
  '-1': 'thumbsdown',
  confused: 'confused',
};

/**
 * The ResultSink of one GitLab merge request: notes found by their hidden marker and edited in place, one diff
 * discussion per inline finding, answers in the command's thread, award emoji on the command's note.
 */
export function createGitLabResultSink(options: GitLabResultSinkOptions): ResultSink {
  const { api, project, iid } = options;
  const label = `${project}!${iid}`;
  const context: GitLabSinkContext = {
    ...options,
    label,
    logger: options.logger ?? pino({ level: 'silent' }),
    retryPolicy: options.retryPolicy ?? defaultRetryPolicy,
    isOwn: (author) => author?.id === options.tokenUser.id,
  };
  let webUrl: Promise<string> | undefined;
  const noteUrl = async (id: number) => {
    webUrl ??= api.MergeRequests.show(project, iid).then((mergeRequest) => mergeRequest.web_url);
    webUrl.catch(() => {
      webUrl = undefined;
    });
    return `${await webUrl}#note_${id}`;
  };

  const markedNotes = createMarkedComments({
    platform: 'GitLab',
    findOwn: async (marker) => {
      const listed = await api.MergeRequestNotes.all(project, iid, {
        perPage: 100,
        sort: 'asc',
        orderBy: 'created_at',
      });
      const found = listed.find(
        (note) => !note.system && context.isOwn(note.author) && note.body.includes(marker),
      );
      if (!found) return undefined;
      return { id: found.id, url: await noteUrl(found.id), body: found.body };
    },
    create: async (body, discussionId) => {
      const note = discussionId
        ? await api.MergeRequestDiscussions.addNote(project, iid, discussionId, body)
        : await api.MergeRequestNotes.create(project, iid, body);
      return { id: note.id, url: await noteUrl(note.id), body: note.body ?? body };
    },
    edit: async (id, body) => {
      const note = await api.MergeRequestNotes.edit(project, iid, id, { body });
      return { id: note.id, url: await noteUrl(note.id) };
    },
    isNotFound: (error) => hasGitLabStatus(error, 404),
    isTransient: isTransientGitLabError,
    retryPolicy: context.retryPolicy,
    logger: context.logger,
  });

  return {
    suggestionSyntax: 'gitlab',

    upsertStickyComment: (marker, body) =>
      withGitLabErrors(`update the Switchyard note on ${label}`, () =>
        markedNotes.upsert(marker, body, 'post the Switchyard note'),
      ),

    readStickyComment: (marker) =>
      withGitLabErrors(`read the Switchyard note on ${label}`, () => markedNotes.read(marker)),

    postReview: (input) =>
      withGitLabErrors(`post the inline comments on ${label}`, () => postGitLabReview(context, input)),

    listPostedFingerprints: () =>
      withGitLabErrors(
        `list the discussions of ${label}`,
        async () => new Set((await listPostedFindings(context)).keys()),
      ),

    replyKey: (replyTo) => {
      const parsed = gitlabReplyTargetSchema.safeParse(replyTo);
      return parsed.success ? String(parsed.data.noteId) : undefined;
    },
    reply: (replyTo, marker, body) =>
      withGitLabErrors(`answer a command on ${label}`, async () => {
        const target = parseGitLabReplyTarget(replyTo);
        const existing = await markedNotes.find(marker);
        if (existing) return existing;
        if (target.discussionId) {
          try {
            return await markedNotes.create(marker, body, 'answer the command', target.discussionId);
          } catch (error) {
            // The thread is gone (its first note deleted): answer on the merge request instead.
            if (!hasGitLabStatus(error, 404)) throw error;
          }
        }
        const quote = await readCommandLine(target.noteId);
        return markedNotes.create(marker, quote ? `${quote}\n\n${body}` : body, 'answer the command');
      }),

    react: (replyTo, reaction) =>
      withGitLabErrors(`award emoji on a command on ${label}`, async () => {
        const { noteId } = parseGitLabReplyTarget(replyTo);
        const name = awardNames[reaction];
        const ownAwards = async () =>
          (await api.MergeRequestNoteAwardEmojis.all(project, iid, noteId, { perPage: 100 })).filter(
            (award) => context.isOwn(award.user),
          );
        try {
          const awards = await ownAwards();
          if (!awards.some((award) => award.name === name)) {
            await createIdempotently({
              platform: 'GitLab',
              isTransient: isTransientGitLabError,
              find: async () => ((await ownAwards()).some((award) => award.name === name) ? true : undefined),
              create: () => awardEmoji(noteId, name),
              policy: context.retryPolicy,
              logger: context.logger,
              what: `award ${name}`,
            });
          }
          if (reaction === 'eyes') return;
          for (const eyes of awards.filter((award) => award.name === 'eyes')) {
            try {
              await api.MergeRequestNoteAwardEmojis.remove(project, iid, noteId, eyes.id);
            } catch (error) {
              if (!hasGitLabStatus(error, 404)) throw error;
            }
          }
        } catch (error) {
          if (!hasGitLabStatus(error, 404)) throw error;
          context.logger.info(
            { mergeRequest: label, noteId, reaction },
            'The command note is gone: no award emoji',
          );
        }
      }),
  };

  /** Awards `name`; GitLab's 404 "has already been taken" means an earlier attempt did it. */
  async function awardEmoji(noteId: number, name: string): Promise<true> {
    try {
      await api.MergeRequestNoteAwardEmojis.award(project, iid, noteId, name);
    } catch (error) {
      if (!(hasGitLabStatus(error, 404) && /already been taken/i.test((error as Error).message))) throw error;
    }
    return true;
  }

  /** The command's first line as a Markdown quote, mentions defused; undefined when the note is gone. */
  async function readCommandLine(noteId: number): Promise<string | undefined> {
    try {
      const note = await api.MergeRequestNotes.show(project, iid, noteId);
      return quoteCommandLine(note.body);
    } catch (error) {
      if (hasGitLabStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
