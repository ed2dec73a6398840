import { describe, expect, it } from '@jest/globals';
import type { InlineComment } from '../../../core/agents/pull-request-platform.js';
import { createGitHubResultSink } from '../../../integrations/github/create-github-result-sink.js';
import { installationId, seedWidgets, statusesOf, useFakeGitHub } from './github-test-app.js';

const fake = useFakeGitHub();

const sticky = '<!-- switchyard:summary -->';
const createCommentRoute = 'POST /repos/:owner/:repo/issues/:number/comments';
const createReviewRoute = 'POST /repos/:owner/:repo/pulls/:number/reviews';

async function sinkFor(seeded: { owner: string; repo: string; number: number }) {
  return createGitHubResultSink({
    octokit: await fake.clients.forInstallation(installationId),
    owner: seeded.owner,
    repo: seeded.repo,
    number: seeded.number,
    botLogin: await fake.clients.botLogin(),
    retryPolicy: fake.clients.retryPolicy,
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

describe('the GitHub result sink', () => {
  it("names a command's reply by the comment id, and nothing for a target of another platform", async () => {
    const sink = await sinkFor(seedWidgets(fake.github));
    expect(sink.replyKey({ platform: 'github', commentId: 42 })).toBe('42');
    expect(sink.replyKey({ platform: 'gitlab', noteId: 42 })).toBeUndefined();
  });

  it('creates the sticky comment once, then edits it in place, even from another sink', async () => {
    const seeded = seedWidgets(fake.github);
    seeded.pull.comment(`Quoting the bot: ${sticky}`, 'mallory');
    const first = await sinkFor(seeded);
    const created = await first.upsertStickyComment(sticky, 'Reviewing…');
    const edited = await first.upsertStickyComment(sticky, 'Reviewed: 2 findings.');
    const again = await (await sinkFor(seeded)).upsertStickyComment(sticky, 'Reviewed: 3 findings.');

    expect([edited, again]).toEqual([created, created]);
    expect(created.url).toBe(
      `https://github.com/acme/widgets/pull/${seeded.number}#issuecomment-${created.id}`,
    );
    const bodies = seeded.pull.issueComments().map((comment) => [comment.user.login, comment.body]);
    expect(bodies).toEqual([
      ['mallory', `Quoting the bot: ${sticky}`],
      ['switchyard[bot]', `Reviewed: 3 findings.\n\n${sticky}`],
    ]);
    expect(statusesOf(fake.github, createCommentRoute)).toEqual([201]);
  });

  it('reads the sticky comment back, and nothing before there is one', async () => {
    const seeded = seedWidgets(fake.github);
    const sink = await sinkFor(seeded);
    expect(await sink.readStickyComment(sticky)).toBeUndefined();
    const posted = await sink.upsertStickyComment(sticky, `Summary\n${sticky}\nmore`);
    expect(await (await sinkFor(seeded)).readStickyComment(sticky)).toEqual({
      ...posted,
      body: `Summary\n${sticky}\nmore`,
    });
  });

  it('posts one review per run marker, with its inline comments in one call', async () => {
    const seeded = seedWidgets(fake.github);
    const input = {
      runMarker: '<!-- switchyard:run:r1 -->',
      commitSha: seeded.pull.headSha,
      body: 'Two findings.',
      comments: [finding('aa11', 1), finding('bb22', 1, { line: 3, startLine: 1 })],
    };
    const first = await (await sinkFor(seeded)).postReview(input);
    const second = await (await sinkFor(seeded)).postReview(input);

    expect(second).toEqual(first);
    expect(first).toMatchObject({ rejected: [], url: expect.stringContaining('#pullrequestreview-') });
    expect(statusesOf(fake.github, createReviewRoute)).toEqual([200]);
    const [review] = seeded.pull.reviews();
    expect(review).toMatchObject({ state: 'COMMENTED', commitId: seeded.pull.headSha });
    expect(review!.body).toBe(`Two findings.\n\n${input.runMarker}`);
    expect(seeded.pull.reviewComments().map((comment) => [comment.line, comment.startLine])).toEqual([
      [1, undefined],
      [3, 1],
    ]);
  });

  it('posts the review without the comments GitHub cannot anchor, and returns them as rejected', async () => {
    const seeded = seedWidgets(fake.github);
    const outside = finding('dead', 40);
    const input = {
      runMarker: '<!-- switchyard:run:r2 -->',
      commitSha: seeded.pull.headSha,
      body: 'Findings.',
      comments: [finding('aa11', 2), outside, finding('beef', 1, { path: 'docs/missing.md' })],
    };
    const posted = await (await sinkFor(seeded)).postReview(input);

    expect(posted.rejected).toEqual([outside, input.comments[2]]);
    expect(statusesOf(fake.github, createReviewRoute)).toEqual([422, 200]);
    expect(seeded.pull.reviewComments().map((comment) => comment.line)).toEqual([2]);
    // Replayed (a job retried after posting), the same comments come back as rejected.
    expect(await (await sinkFor(seeded)).postReview(input)).toEqual(posted);
  });

  it('reads back the fingerprints of the findings it posted', async () => {
    const seeded = seedWidgets(fake.github);
    const sink = await sinkFor(seeded);
    expect(await sink.listPostedFingerprints()).toEqual(new Set());
    await sink.postReview({
      runMarker: '<!-- switchyard:run:r3 -->',
      commitSha: seeded.pull.headSha,
      body: 'Findings.',
      comments: [finding('aa11', 1), finding('bb22', 2)],
    });
    expect(await sink.listPostedFingerprints()).toEqual(new Set(['aa11', 'bb22']));
  });

  it('answers a command once, quoting its first line with mentions defused', async () => {
    const seeded = seedWidgets(fake.github);
    const command = seeded.pull.comment('/agent ask why @carol changed this?\nDetails follow.', 'bob');
    const replyTo = {
      platform: 'github',
      commentId: command.id,
      commentUrl: 'https://github.com/acme/widgets/pull/1',
    };
    const marker = `<!-- switchyard:reply:${command.id} -->`;
    const first = await (await sinkFor(seeded)).reply(replyTo, marker, 'Because types.');
    const second = await (await sinkFor(seeded)).reply(replyTo, marker, 'Because types.');

    expect(second).toEqual(first);
    expect(statusesOf(fake.github, createCommentRoute)).toEqual([201]);
    const answer = seeded.pull.issueComments().at(-1)!;
    expect(answer.body).toBe(`> /agent ask why @\u200bcarol changed this?\n\nBecause types.\n\n${marker}`);
  });

  it('answers a command whose comment was deleted, without a quote', async () => {
    const seeded = seedWidgets(fake.github);
    const posted = await (await sinkFor(seeded)).reply(
      { platform: 'github', commentId: 987654 },
      '<!-- r -->',
      'Done.',
    );
    expect(seeded.pull.issueComments().map((comment) => comment.body)).toEqual(['Done.\n\n<!-- r -->']);
    expect(posted.id).toMatch(/^\d+$/);
  });

  it('refuses a replyTo that is not a GitHub comment', async () => {
    const sink = await sinkFor(seedWidgets(fake.github));
    await expect(sink.reply({ platform: 'slack', channel: 'C1' }, '<!-- r -->', 'Hi')).rejects.toMatchObject({
      code: 'github.invalid_reply_target',
      retryable: false,
    });
  });

  it('reacts with eyes, then replaces them with the final reaction', async () => {
    const seeded = seedWidgets(fake.github);
    const command = seeded.pull.comment('/agent review', 'bob');
    const replyTo = { platform: 'github', commentId: command.id };
    const sink = await sinkFor(seeded);
    await sink.react(replyTo, 'eyes');
    await sink.react(replyTo, 'eyes');
    expect(command.reactions.map((reaction) => reaction.content)).toEqual(['eyes']);
    await sink.react(replyTo, '+1');
    await sink.react(replyTo, '+1');
    expect(command.reactions.map((reaction) => [reaction.content, reaction.user.login])).toEqual([
      ['+1', 'switchyard[bot]'],
    ]);
  });

  it('ignores a reaction on a command comment that was deleted', async () => {
    const sink = await sinkFor(seedWidgets(fake.github));
    await expect(sink.react({ platform: 'github', commentId: 987654 }, 'confused')).resolves.toBeUndefined();
  });

  it('retries a comment GitHub failed to create, after checking that it did not land', async () => {
    const seeded = seedWidgets(fake.github);
    fake.github.script(createCommentRoute, [{ kind: 'bad-gateway' }]);
    await (await sinkFor(seeded)).upsertStickyComment(sticky, 'Reviewing…');
    expect(statusesOf(fake.github, createCommentRoute)).toEqual([502, 201]);
    expect(seeded.pull.issueComments()).toHaveLength(1);
  });
});
