import { describe, expect, it } from '@jest/globals';
import type { InlineComment } from '../../../core/agents/pull-request-platform.js';
import { createGitLabResultSink } from '../../../integrations/gitlab/create-gitlab-result-sink.js';
import { projectPath, seedWidgets, statusesOf, useFakeGitLab } from './gitlab-test-client.js';

const fake = useFakeGitLab();

const sticky = '<!-- switchyard:summary -->';
const createNoteRoute = 'POST /projects/:id/merge_requests/:merge_request_iid/notes';
const createDiscussionRoute = 'POST /projects/:id/merge_requests/:merge_request_iid/discussions';

async function sinkFor(scope: { project: string; iid: number }) {
  return createGitLabResultSink({
    api: fake.client.api,
    ...scope,
    tokenUser: await fake.client.tokenUser(),
    retryPolicy: fake.client.retryPolicy,
  });
}

function finding(fingerprint: string, line: number, extra: Partial<InlineComment> = {}): InlineComment {
  return {
    path: 'src/add.ts',
    line,
    side: 'RIGHT',
    body: `Finding ${fingerprint}.\n\n<!-- switchyard:finding:${fingerprint} -->`,
    fingerprint,
    ...extra,
  };
}

describe('the GitLab result sink', () => {
  it("names a command's reply by the note id, and nothing for a target of another platform", async () => {
    const sink = await sinkFor({ project: 'acme/widgets', iid: 1 });
    expect(sink.replyKey({ platform: 'gitlab', noteId: 7, discussionId: 'abc' })).toBe('7');
    expect(sink.replyKey({ platform: 'github', commentId: 7 })).toBeUndefined();
  });

  it('writes suggestions in GitLab syntax', async () => {
    const { scope } = seedWidgets(fake.gitlab);
    expect((await sinkFor(scope)).suggestionSyntax).toBe('gitlab');
  });

  it('creates the sticky note once, then edits it in place, even from another sink', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    mergeRequest.note(`Quoting the bot: ${sticky}`, 'mallory');
    const first = await sinkFor(scope);
    const created = await first.upsertStickyComment(sticky, 'Reviewing…');
    const edited = await first.upsertStickyComment(sticky, 'Reviewed: 2 findings.');
    const again = await (await sinkFor(scope)).upsertStickyComment(sticky, 'Reviewed: 3 findings.');

    expect([edited, again]).toEqual([created, created]);
    expect(created.url).toBe(
      `${fake.gitlab.url}/${projectPath}/-/merge_requests/${scope.iid}#note_${created.id}`,
    );
    expect(mergeRequest.notes().map((note) => [note.author.username, note.body])).toEqual([
      ['mallory', `Quoting the bot: ${sticky}`],
      ['switchyard-bot', `Reviewed: 3 findings.\n\n${sticky}`],
    ]);
    expect(statusesOf(fake.gitlab, createNoteRoute)).toEqual([201]);
    expect(await (await sinkFor(scope)).readStickyComment(sticky)).toEqual({
      ...created,
      body: `Reviewed: 3 findings.\n\n${sticky}`,
    });
  });

  it('posts one diff discussion per finding, once, and returns the positions GitLab refuses', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const input = {
      runMarker: '<!-- switchyard:run:r1 -->',
      commitSha: mergeRequest.headSha,
      body: 'Three findings.',
      comments: [
        finding('aa11', 1),
        // Line 2 is a context line: GitLab needs both its old and new numbers.
        finding('bb22', 2),
        finding('cc33', 40),
        finding('dd44', 1, { path: 'README.md' }),
        finding('ee55', 1, { side: 'LEFT' }),
      ],
    };
    const first = await (await sinkFor(scope)).postReview(input);
    const second = await (await sinkFor(scope)).postReview(input);

    expect(second).toEqual(first);
    expect(first.rejected.map((comment) => comment.fingerprint)).toEqual(['cc33', 'dd44']);
    expect(first.url).toMatch(new RegExp(`/merge_requests/${scope.iid}#note_\\d+$`));
    expect(statusesOf(fake.gitlab, createDiscussionRoute)).toEqual([201, 201, 201]);
    const positions = mergeRequest.discussions().map((discussion) => discussion.notes[0]!.position);
    expect(positions.map((position) => [position?.old_line, position?.new_line])).toEqual([
      [null, 1],
      [2, 2],
      [1, null],
    ]);
    expect(positions[0]).toMatchObject({
      base_sha: mergeRequest.baseSha,
      head_sha: mergeRequest.headSha,
      old_path: 'src/add.ts',
      new_path: 'src/add.ts',
    });
    expect(await (await sinkFor(scope)).listPostedFingerprints()).toEqual(new Set(['aa11', 'bb22', 'ee55']));
  });

  it('returns as rejected a comment whose position GitLab answers with 400', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    fake.gitlab.script(createDiscussionRoute, [
      {
        kind: 'error',
        status: 400,
        body: {
          message: '400 Bad request - Note {:line_code=>["can\'t be blank", "must be a valid line code"]}',
        },
      },
    ]);
    const posted = await (await sinkFor(scope)).postReview({
      runMarker: '<!-- switchyard:run:r2 -->',
      commitSha: mergeRequest.headSha,
      body: '',
      comments: [finding('aa11', 1), finding('bb22', 2)],
    });
    expect(posted.rejected.map((comment) => comment.fingerprint)).toEqual(['aa11']);
    expect(statusesOf(fake.gitlab, createDiscussionRoute)).toEqual([400, 201]);
  });

  it('anchors a range with line codes, and a finding on an older diff version to that version', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const reviewed = mergeRequest.headSha;
    const reviewedBase = mergeRequest.baseSha;
    mergeRequest.push({ 'docs/add.md': 'add(a, b) returns a + b.\n' });
    const posted = await (await sinkFor(scope)).postReview({
      runMarker: '<!-- switchyard:run:r3 -->',
      commitSha: reviewed,
      body: '',
      comments: [finding('aa11', 3, { startLine: 1 })],
    });

    expect(posted.rejected).toEqual([]);
    const [discussion] = mergeRequest.discussions();
    expect(discussion?.notes[0]?.position).toMatchObject({
      head_sha: reviewed,
      base_sha: reviewedBase,
      old_line: 3,
      new_line: 3,
      line_range: {
        // New line 1 is added after old line 1 was deleted: GitLab's old counter there is 2.
        start: { line_code: expect.stringMatching(/^[0-9a-f]{40}_2_1$/), type: 'new' },
        end: { line_code: expect.stringMatching(/^[0-9a-f]{40}_3_3$/), type: 'new' },
      },
    });
  });

  it('retries a discussion whose creation failed with a 5xx only after looking for it', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    fake.gitlab.script(createDiscussionRoute, [{ kind: 'bad-gateway' }]);
    const posted = await (await sinkFor(scope)).postReview({
      runMarker: '<!-- switchyard:run:r4 -->',
      commitSha: mergeRequest.headSha,
      body: '',
      comments: [finding('aa11', 1)],
    });
    expect(posted.rejected).toEqual([]);
    expect(statusesOf(fake.gitlab, createDiscussionRoute)).toEqual([502, 201]);
    expect(mergeRequest.discussions()).toHaveLength(1);
  });

  it("answers in the command's thread, once per marker", async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const command = mergeRequest.note('/agent ask why?', 'alice');
    const replyTo = { platform: 'gitlab', noteId: command.id, discussionId: command.discussionId };
    const marker = '<!-- switchyard:answer:j1 -->';
    const first = await (await sinkFor(scope)).reply(replyTo, marker, 'Because.');
    const second = await (await sinkFor(scope)).reply(replyTo, marker, 'Because.');

    expect(second).toEqual(first);
    const [discussion] = mergeRequest.discussions();
    expect(discussion?.notes.map((note) => [note.author.username, note.body])).toEqual([
      ['alice', '/agent ask why?'],
      ['switchyard-bot', `Because.\n\n${marker}`],
    ]);
    expect(discussion?.individualNote).toBe(false);
  });

  it('answers with a new note quoting the command when there is no thread to answer in', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const command = mergeRequest.note('/agent ask @bob about this', 'alice');
    const marker = '<!-- switchyard:answer:j2 -->';
    await (await sinkFor(scope)).reply({ platform: 'gitlab', noteId: command.id }, marker, 'Here.');

    expect(mergeRequest.notes().at(-1)?.body).toBe(
      `> /agent ask @\u200bbob about this\n\nHere.\n\n${marker}`,
    );
    await expect(
      (await sinkFor(scope)).reply({ platform: 'github', commentId: 1 }, marker, 'x'),
    ).rejects.toMatchObject({
      code: 'gitlab.invalid_reply_target',
    });
  });

  it('awards eyes, then thumbsup with its eyes removed, once each', async () => {
    const { mergeRequest, scope } = seedWidgets(fake.gitlab);
    const command = mergeRequest.note('/agent review', 'alice');
    const replyTo = { platform: 'gitlab', noteId: command.id };
    const sink = await sinkFor(scope);
    await sink.react(replyTo, 'eyes');
    await sink.react(replyTo, 'eyes');
    expect(mergeRequest.awards(command.id).map((award) => award.name)).toEqual(['eyes']);
    await sink.react(replyTo, '+1');
    await sink.react(replyTo, '+1');
    expect(mergeRequest.awards(command.id).map((award) => [award.name, award.user.username])).toEqual([
      ['thumbsup', 'switchyard-bot'],
    ]);
    // A deleted command note: nothing to award on, and no failure.
    await expect(sink.react({ platform: 'gitlab', noteId: 999_999 }, 'confused')).resolves.toBeUndefined();
  });
});
