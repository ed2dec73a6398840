import { describe, expect, it } from '@jest/globals';
import { settle, waitFor } from '../github/support/github-app-harness.js';
import { ada, admin, channel, reviewAnswer, useSlackWorkspace } from './support/slack-workspace.js';

describe('the Slack app, end to end', () => {
  const workspace = useSlackWorkspace();
  const { seed, identify, waitForEphemeral, messageAbout, jobRunsOf, waitForJobRuns } = workspace;

  it('links a channel and confirms a user through commands, then reviews a pull request from Slack', async () => {
    const seeded = await seed({ link: false });
    const link = await workspace.harness.slashCommand(`link ${seeded.repository.fullName}`, {
      user: admin,
      channel,
    });
    expect(link.response.statusCode).toBe(200);
    await waitForEphemeral(admin, new RegExp(`Linked \`${seeded.repository.fullName}\``));
    await workspace.harness.slashCommand(`identify <@${ada}|ada> github ada`, { user: admin, channel });
    await waitForEphemeral(admin, /<@U0ADA> acts as `ada` on GitHub/);
    await workspace.harness.slashCommand('whoami', { user: ada, channel });
    await waitForEphemeral(ada, /GitHub: `ada` \(confirmed by <@U0ADMIN>\)/);

    workspace.harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer }]);
    const { response, elapsedMs, triggerId } = await workspace.harness.slashCommand(
      `review <${seeded.url}>`,
      {
        user: ada,
        channel,
      },
    );
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(elapsedMs).toBeLessThan(3_000);

    const [run] = await waitForJobRuns(seeded.projectId);
    expect(run).toMatchObject({
      platform: 'slack',
      agent: 'review',
      trigger: 'command',
      requestedBy: 'ada',
      repository: seeded.repository.fullName,
      targetNumber: seeded.pull.number,
      revision: `slack-${triggerId}`,
    });
    const label = `${seeded.repository.fullName}#${seeded.pull.number}`;
    const message = await waitFor('the progress message', () => messageAbout(label));
    expect(message.history[0]!.text).toContain('queued for <@U0ADA>');

    const done = await waitFor('the result message', () =>
      JSON.stringify(message.blocks ?? []).includes('Cost:') ? message : undefined,
    );
    const blocks = JSON.stringify(done.blocks);
    expect(blocks).toContain(`<${seeded.url}|Review of ${label}>`);
    expect(blocks).toMatch(/Cost: \*\$0\.\d{4}\*/);
    expect(blocks).toContain('Full result on the pull request');
    expect(blocks).toContain('Adds an add() helper that subtracts.');
    // Model output cannot notify anyone.
    expect(blocks).not.toMatch(/<!channel>|<@U0BOSS>|@here/);
    expect(blocks).toContain('&lt;!channel&gt;');
    // One message, edited in place: queued, working, result.
    expect(done.history.length).toBeGreaterThanOrEqual(2);
    expect(
      workspace.harness.slack.state.messages(channel).filter((each) => each.history[0]?.text.includes(label)),
    ).toHaveLength(1);
    expect(
      seeded.pull.issueComments().some((comment) => comment.body.includes('<!-- switchyard:review -->')),
    ).toBe(true);
    const finished = await waitFor('the finished job run', async () => {
      const [row] = await jobRunsOf(seeded.projectId);
      return row?.status === 'succeeded' ? row : undefined;
    });
    expect(finished.costUsd.toNumber()).toBeGreaterThan(0);

    const status = await workspace.harness.slashCommand('status', { user: ada, channel });
    expect(status.response.statusCode).toBe(200);
    await waitForEphemeral(
      ada,
      new RegExp(
        `:white_check_mark: \\*review\\* .*${seeded.repository.fullName}#${seeded.pull.number}.*succeeded.*by ada`,
      ),
    );
  });

  it('answers a question asked from Slack in the channel, neutralized', async () => {
    const seeded = await seed();
    await identify(ada, 'ada');
    workspace.harness.openai.script('gpt-4.1-mini', [
      { kind: 'reply', text: 'It subtracts because of a typo. <!everyone> @channel' },
    ]);
    const { response } = await workspace.harness.slashCommand(`ask ${seeded.url} why does add subtract?`, {
      user: ada,
      channel,
    });
    expect(response.statusCode).toBe(200);
    const label = `${seeded.repository.fullName}#${seeded.pull.number}`;
    const message = await waitFor('the answer', () => {
      const found = messageAbout(label);
      return found && JSON.stringify(found.blocks ?? []).includes('Cost:') ? found : undefined;
    });
    const blocks = JSON.stringify(message.blocks);
    expect(blocks).toContain(`Answer of ${label}`);
    expect(blocks).toContain('It subtracts because of a typo.');
    expect(blocks).not.toMatch(/<!everyone>|@channel/);
    const [run] = await jobRunsOf(seeded.projectId);
    expect(run).toMatchObject({ agent: 'ask', requestedBy: 'ada' });
  });

  it('runs one job for a command Slack delivers twice (X-Slack-Retry-Num)', async () => {
    const seeded = await seed();
    await identify(ada, 'ada');
    workspace.harness.openai.setDefault({ kind: 'reply', text: reviewAnswer });
    const first = await workspace.harness.slashCommand(`review ${seeded.url}`, { user: ada, channel });
    const retry = await workspace.harness.slashCommand(`review ${seeded.url}`, {
      user: ada,
      channel,
      triggerId: first.triggerId,
      retryNum: 1,
    });
    expect([first.response.statusCode, retry.response.statusCode]).toEqual([200, 200]);
    await waitForJobRuns(seeded.projectId);
    await settle(500);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(1);
    const label = `${seeded.repository.fullName}#${seeded.pull.number}`;
    expect(
      workspace.harness.slack.state.messages(channel).filter((each) => each.history[0]?.text.includes(label)),
    ).toHaveLength(1);
  });
});
