import {
  allNotes,
  badRequest,
  type GitLabExchange,
  type GitLabRouteHandler,
  json,
  notFound,
  paginate,
  withMergeRequest,
  withNote,
} from './gitlab-exchange.js';
import { awardEmojiJson, discussionJson, errorBody, noteJson } from './gitlab-json.js';
import { resolvePosition } from './gitlab-positions.js';
import { type FakeNote, type FakePosition, replyInDiscussion, startDiscussion } from './gitlab-state.js';

// GitLab refuses note bodies over 1,000,000 characters.
const maximumBody = 1_000_000;

/** The request's `body` field, or the answer refusing it. */
function readNoteBody(
  exchange: GitLabExchange,
): { body: string } | { refusal: ReturnType<typeof badRequest> } {
  const body = exchange.body.body;
  if (typeof body !== 'string' || body.trim() === '') return { refusal: badRequest('body is missing') };
  if (body.length > maximumBody) {
    return { refusal: badRequest('Note {:note=>["is too long (maximum is 1000000 characters)"]}') };
  }
  return { body };
}

/** Only a note's author edits or deletes it; GitLab's own notes are nobody's. */
function refuseUnlessOwn(exchange: GitLabExchange, note: FakeNote) {
  return note.system || note.author.id !== exchange.state.tokenUser.id
    ? json(403, errorBody('403 Forbidden'))
    : undefined;
}

/** Routes of notes, discussions and award emoji on merge requests. */
export const noteRoutes = {
  'GET /projects/:id/merge_requests/:merge_request_iid/notes': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) => {
      const ascending = exchange.query.get('sort') === 'asc';
      const notes = [...allNotes(mergeRequest)].sort((a, b) => (ascending ? a.id - b.id : b.id - a.id));
      return paginate(exchange, notes, (note) => noteJson(project, mergeRequest, note, exchange.web));
    }),

  'POST /projects/:id/merge_requests/:merge_request_iid/notes': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) => {
      const read = readNoteBody(exchange);
      if ('refusal' in read) return read.refusal;
      const discussion = startDiscussion(exchange.state, mergeRequest, {
        body: read.body,
        author: exchange.state.tokenUser,
      });
      return json(201, noteJson(project, mergeRequest, discussion.notes[0]!, exchange.web));
    }),

  'GET /projects/:id/merge_requests/:merge_request_iid/notes/:note_id': (exchange) =>
    withNote(exchange, (project, mergeRequest, note) =>
      json(200, noteJson(project, mergeRequest, note, exchange.web)),
    ),

  'PUT /projects/:id/merge_requests/:merge_request_iid/notes/:note_id': (exchange) =>
    withNote(exchange, (project, mergeRequest, note) => {
      const read = readNoteBody(exchange);
      if ('refusal' in read) return read.refusal;
      const refused = refuseUnlessOwn(exchange, note);
      if (refused) return refused;
      note.body = read.body;
      note.updatedAt = new Date().toISOString();
      return json(200, noteJson(project, mergeRequest, note, exchange.web));
    }),

  'DELETE /projects/:id/merge_requests/:merge_request_iid/notes/:note_id': (exchange) =>
    withNote(exchange, (_project, mergeRequest, note) => {
      const refused = refuseUnlessOwn(exchange, note);
      if (refused) return refused;
      for (const discussion of mergeRequest.discussions) {
        discussion.notes = discussion.notes.filter((candidate) => candidate.id !== note.id);
      }
      mergeRequest.discussions = mergeRequest.discussions.filter((discussion) => discussion.notes.length > 0);
      return { status: 204 };
    }),

  'GET /projects/:id/merge_requests/:merge_request_iid/discussions': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) =>
      paginate(exchange, mergeRequest.discussions, (discussion) =>
        discussionJson(project, mergeRequest, discussion, exchange.web),
      ),
    ),

  'POST /projects/:id/merge_requests/:merge_request_iid/discussions': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) => {
      const read = readNoteBody(exchange);
      if ('refusal' in read) return read.refusal;
      let position: FakePosition | undefined;
      if (exchange.body.position !== undefined) {
        const resolved = resolvePosition(project, exchange.body.position);
        if (!resolved.success) return badRequest(resolved.error);
        position = resolved.value;
      }
      const discussion = startDiscussion(exchange.state, mergeRequest, {
        body: read.body,
        author: exchange.state.tokenUser,
        thread: true,
        position,
      });
      return json(201, discussionJson(project, mergeRequest, discussion, exchange.web));
    }),

  'POST /projects/:id/merge_requests/:merge_request_iid/discussions/:discussion_id/notes': (exchange) =>
    withMergeRequest(exchange, (project, mergeRequest) => {
      const discussion = mergeRequest.discussions.find(
        (candidate) => candidate.id === exchange.params.discussion_id,
      );
      if (!discussion) return notFound();
      const read = readNoteBody(exchange);
      if ('refusal' in read) return read.refusal;
      const note = replyInDiscussion(exchange.state, mergeRequest, discussion, {
        body: read.body,
        author: exchange.state.tokenUser,
      });
      return json(201, noteJson(project, mergeRequest, note, exchange.web));
    }),

  'GET /projects/:id/merge_requests/:merge_request_iid/notes/:note_id/award_emoji': (exchange) =>
    withNote(exchange, (_project, _mergeRequest, note) =>
      paginate(exchange, note.awards, (award) => awardEmojiJson(award, note, exchange.web)),
    ),

  'POST /projects/:id/merge_requests/:merge_request_iid/notes/:note_id/award_emoji': (exchange) =>
    withNote(exchange, (_project, _mergeRequest, note) => {
      const name = exchange.body.name;
      if (typeof name !== 'string' || name === '') return badRequest('name is missing');
      const user = exchange.state.tokenUser;
      if (note.awards.some((award) => award.name === name && award.user.id === user.id)) {
        return notFound('Award Emoji Name has already been taken Not Found');
      }
      const award = { id: exchange.state.nextId(), name, user, createdAt: new Date().toISOString() };
      note.awards.push(award);
      return json(201, awardEmojiJson(award, note, exchange.web));
    }),

  'DELETE /projects/:id/merge_requests/:merge_request_iid/notes/:note_id/award_emoji/:award_id': (exchange) =>
    withNote(exchange, (_project, _mergeRequest, note) => {
      const award = note.awards.find((candidate) => candidate.id === Number(exchange.params.award_id));
      if (!award) return notFound('Award Emoji Not Found');
      if (award.user.id !== exchange.state.tokenUser.id) return json(403, errorBody('403 Forbidden'));
      note.awards = note.awards.filter((candidate) => candidate !== award);
      return { status: 204 };
    }),
} satisfies Record<string, GitLabRouteHandler>;
