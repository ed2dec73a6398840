import { pino } from 'pino';
import type { CommandReaction, ResultSink } from '../../core/agents/pull-request-platform.js';
import { createIdempotently, defaultRetryPolicy, type RetryPolicy } from '../create-idempotently.js';
import { appendMarker } from '../github/append-marker.js';
import type { GitLabMergeRequestScope } from './create-gitlab-change-source.js';
import type { GitLabTokenUser } from './create-gitlab-client.js';
import { parseGitLabReplyTarget } from './gitlab-reply-target.js';
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

interface OwnNote {
  id: number;
  url: string;
  body: string;
}

/** GitLab's award emoji names for the neutral reactions. */
const awardNames: Record<CommandReaction, string> = {
  eyes: 'eyes',
  '+1': 'thumbsup',
  '-1': 'thumbsdown',
  confused: 'confused',
};
// The quoted first line of a command is cut here: it is a reminder, not a copy.
const maximumQuoteLength = 200;

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
  // Note ids found or created by this sink, so a second upsert of the same marker skips the listing.
  const knownNotes = new Map<string, number>();
  let webUrl: Promise<string> | undefined;
  const noteUrl = async (id: number) => {
    webUrl ??= api.MergeRequests.show(project, iid).then((mergeRequest) => mergeRequest.web_url);
    webUrl.catch(() => {
      webUrl = undefined;
    });
    return `${await webUrl}#note_${id}`;
  };

  const findNote = async (marker: string): Promise<OwnNote | undefined> => {
    const notes = await api.MergeRequestNotes.all(project, iid, {
      perPage: 100,
      sort: 'asc',
      orderBy: 'created_at',
    });
    const found = notes.find(
      (note) => !note.system && context.isOwn(note.author) && note.body.includes(marker),
    );
    if (!found) return undefined;
    knownNotes.set(marker, found.id);
    return { id: found.id, url: await noteUrl(found.id), body: found.body };
  };

  const createNote = (marker: string, body: string, what: string, discussionId?: string) =>
    createIdempotently({
      platform: 'GitLab',
      isTransient: isTransientGitLabError,
      find: () => findNote(marker),
      create: async (): Promise<OwnNote> => {
        const note = discussionId
          ? await api.MergeRequestDiscussions.addNote(project, iid, discussionId, body)
          : await api.MergeRequestNotes.create(project, iid, body);
        knownNotes.set(marker, note.id);
        return { id: note.id, url: await noteUrl(note.id), body: note.body ?? body };
      },
      policy: context.retryPolicy,
      logger: context.logger,
      what,
    });

  const editNote = async (marker: string, body: string): Promise<OwnNote | undefined> => {
    const id = knownNotes.get(marker);
    if (id === undefined) return undefined;
    try {
      const note = await api.MergeRequestNotes.edit(project, iid, id, { body });
      return { id: note.id, url: await noteUrl(note.id), body };
    } catch (error) {
      // Someone deleted it: forget it and look again.
      if (!hasGitLabStatus(error, 404)) throw error;
      knownNotes.delete(marker);
      return undefined;
    }
  };

  const posted = (note: OwnNote) => ({ id: String(note.id), url: note.url });

  return {
    suggestionSyntax: 'gitlab',

    upsertStickyComment: (marker, body) =>
      withGitLabErrors(`update the Switchyard note on ${label}`, async () => {
        const text = appendMarker(body, marker);
        const known = await editNote(marker, text);
        if (known) return posted(known);
        const existing = await findNote(marker);
        if (existing && existing.body === text) return posted(existing);
        const edited = existing ? await editNote(marker, text) : undefined;
        return posted(edited ?? (await createNote(marker, text, 'post the Switchyard note')));
      }),

    readStickyComment: (marker) =>
      withGitLabErrors(`read the Switchyard note on ${label}`, async () => {
        const found = await findNote(marker);
        return found ? { ...posted(found), body: found.body } : undefined;
      }),

    postReview: (input) =>
      withGitLabErrors(`post the inline comments on ${label}`, () => postGitLabReview(context, input)),

    listPostedFingerprints: () =>
      withGitLabErrors(
        `list the discussions of ${label}`,
        async () => new Set((await listPostedFindings(context)).keys()),
      ),

    reply: (replyTo, marker, body) =>
      withGitLabErrors(`answer a command on ${label}`, async () => {
        const target = parseGitLabReplyTarget(replyTo);
        const existing = await findNote(marker);
        if (existing) return posted(existing);
        if (target.discussionId) {
          try {
            return posted(
              await createNote(marker, appendMarker(body, marker), 'answer the command', target.discussionId),
            );
          } catch (error) {
            // The thread is gone (its first note deleted): answer on the merge request instead.
            if (!hasGitLabStatus(error, 404)) throw error;
          }
        }
        const quote = await readCommandLine(target.noteId);
        const text = appendMarker(quote ? `${quote}\n\n${body}` : body, marker);
        return posted(await createNote(marker, text, 'answer the command'));
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
      const line = (note.body ?? '').trim().split('\n')[0]!.trim();
      if (line === '') return undefined;
      const cut = line.length > maximumQuoteLength ? `${line.slice(0, maximumQuoteLength)}…` : line;
      // A quoted @mention would notify its target again; a zero-width space after @ keeps the text, not the ping.
      // Behind `> ` a `/command` is no quick action.
      return `> ${cut.replace(/@(?=[\w-])/g, '@\u200b')}`;
    } catch (error) {
      if (hasGitLabStatus(error, 404)) return undefined;
      throw error;
    }
  }
}
