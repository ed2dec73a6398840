import { describe, expect, it } from '@jest/globals';
import { usdToNano } from '../../../core/budgets/money.js';
import { settle, waitFor } from '../github/support/github-app-harness.js';
import { signSlackBody } from './support/slack-app-harness.js';
import {
  ada,
  channel,
  lockedChannel,
  reader,
  stranger,
  useSlackWorkspace,
} from './support/slack-workspace.js';

describe('the Slack app refuses, end to end', () => {
  const workspace = useSlackWorkspace();
  const { seed, identify, waitForEphemeral, messageAbout, jobRunsOf } = workspace;

  it('refuses requests with a bad signature or a timestamp more than 300 s away, in either direction', async () => {
    const seeded = await seed();
    await identify(ada, 'ada');
    const callsBefore = workspace.harness.slack.calls.length;
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      await workspace.harness.slashCommand(`review ${seeded.url}`, {
        user: ada,
        channel,
        signature: 'v0=deadbeef',
      }),
      await workspace.harness.slashCommand(`review ${seeded.url}`, {
        user: ada,
        channel,
        timestamp: now - 301,
      }),
      await workspace.harness.slashCommand(`review ${seeded.url}`, {
        user: ada,
        channel,
        timestamp: now + 301,
      }),
    ];
    expect(attempts.map((attempt) => attempt.response.statusCode)).toEqual([401, 401, 401]);
    expect(attempts.map((attempt) => attempt.response.json().error.code)).toEqual([
      'slack.signature_invalid',
      'slack.timestamp_invalid',
      'slack.timestamp_invalid',
    ]);
    // A body signed correctly but for another timestamp than the header says.
    const body = 'command=%2Fswitchyard&text=help';
    const forged = await workspace.harness.post(body, {
      'x-slack-request-timestamp': String(now),
      'x-slack-signature': signSlackBody(body, now - 600),
    });
    expect(forged.statusCode).toBe(401);
    await settle(300);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(0);
    expect(workspace.harness.slack.calls.length).toBe(callsBefore);
  });

  it('answers help in the acknowledgement itself', async () => {
    const { response } = await workspace.harness.slashCommand('help', { user: stranger, channel });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('*Switchyard commands*'),
    });
    const unknown = await workspace.harness.slashCommand('deploy prod', { user: stranger, channel });
    expect(unknown.response.json().text).toContain('Switchyard does not know `deploy`');
  });

  it('answers a URL that is not a pull request with an ephemeral error, queuing nothing', async () => {
    const seeded = await seed();
    const { response } = await workspace.harness.slashCommand(
      `review https://github.com/${seeded.repository.fullName}/issues/3`,
      {
        user: ada,
        channel,
      },
    );
    expect(response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('is not a GitHub pull request URL'),
    });
    const gitlab = await workspace.harness.slashCommand(
      'summarize https://bitbucket.org/a/b/pull-requests/1',
      {
        user: ada,
        channel,
      },
    );
    expect(gitlab.response.json().text).toContain('does not work with bitbucket.org');
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(0);
  });

  it('refuses, ephemerally, a project not linked to the channel, an unknown one, and an unmapped user', async () => {
    const unlinked = await seed({ link: false });
    await identify(ada, 'ada');
    await workspace.harness.slashCommand(`review ${unlinked.url}`, { user: ada, channel });
    await waitForEphemeral(
      ada,
      new RegExp(`\`${unlinked.repository.fullName}\` is not linked to this channel`),
    );

    await workspace.harness.slashCommand('review https://github.com/acme/nowhere/pull/1', {
      user: ada,
      channel,
    });
    await waitForEphemeral(ada, /Switchyard does not know `acme\/nowhere` on GitHub/);

    const linked = await seed();
    await workspace.harness.slashCommand(`summarize ${linked.url}`, { user: stranger, channel });
    await waitForEphemeral(stranger, /does not know who you are on GitHub/);
    expect(await jobRunsOf(unlinked.projectId)).toHaveLength(0);
    expect(await jobRunsOf(linked.projectId)).toHaveLength(0);
  });

  it('lets only workspace admins (or repository admins) link a channel', async () => {
    const seeded = await seed({ link: false });
    await identify(ada, 'ada');
    await workspace.harness.slashCommand(`link ${seeded.repository.fullName}`, { user: ada, channel });
    await waitForEphemeral(ada, new RegExp(`You may not link \`${seeded.repository.fullName}\``));
    workspace.harness.github.setPermission('ada', 'admin');
    try {
      await workspace.harness.slashCommand(`link ${seeded.repository.fullName}`, { user: ada, channel });
      await waitForEphemeral(ada, new RegExp(`Linked \`${seeded.repository.fullName}\``));
      // Who linked which channel to which project is in the audit log.
      const audit = await workspace.harness.switchyard.context.prisma.auditEvent.findFirst({
        where: { action: 'slack-channel.link', actor: `slack:${ada}` },
        orderBy: { createdAt: 'desc' },
      });
      expect(audit?.details).toMatchObject({ channelId: channel });
    } finally {
      workspace.harness.github.setPermission('ada', 'write');
    }
    await workspace.harness.slashCommand(`identify <@${stranger}> github stranger`, { user: ada, channel });
    await waitForEphemeral(ada, /Only Slack workspace admins/);
    // A claim is recorded for an admin to confirm; it does not let the stranger act.
    await workspace.harness.slashCommand('whoami github stranger', { user: stranger, channel });
    await waitForEphemeral(stranger, /identify <@U0STRANGER> github stranger/);
    await workspace.harness.slashCommand(`review ${seeded.url}`, { user: stranger, channel });
    await waitForEphemeral(stranger, /a workspace admin has not confirmed it yet/);
  });

  it('reports in the channel when the repository refuses the mapped login', async () => {
    const seeded = await seed();
    await identify(reader, 'reader');
    await workspace.harness.slashCommand(`review ${seeded.url}`, { user: reader, channel });
    const label = `${seeded.repository.fullName}#${seeded.pull.number}`;
    const message = await waitFor('the refusal', () => {
      const found = messageAbout(label);
      return found?.text.includes(':warning:') ? found : undefined;
    });
    expect(message.text).toContain('need write access');
    expect(workspace.harness.openai.calls).toHaveLength(0);
  });

  it('refuses a command when the project has spent its budget', async () => {
    const seeded = await seed();
    await identify(ada, 'ada');
    const { context } = workspace.harness.switchyard;
    const budget = await workspace.harness.switchyard.call(
      'PUT',
      `/api/v1/projects/${seeded.projectId}/budget`,
      {
        dailyUsd: 0.01,
      },
    );
    expect(budget.statusCode).toBe(200);
    const settings = await waitFor('the new limit', async () => {
      const loaded = await context.projectSettings.get(seeded.projectId);
      return loaded.limits.project.dailyNano !== undefined ? loaded : undefined;
    });
    const subject = {
      projectId: seeded.projectId,
      organizationId: settings.organizationId,
      project: settings.limits.project,
      organization: settings.limits.organization,
    };
    await context.routing.ledger.reserve({
      reservationId: `r-${seeded.projectId}`,
      subject,
      amountNano: usdToNano(0.01),
    });
    await context.routing.ledger.settle({
      reservationId: `r-${seeded.projectId}`,
      settlementKey: `s-${seeded.projectId}`,
      subject,
      costNano: usdToNano(0.02),
    });
    await workspace.harness.slashCommand(`review ${seeded.url}`, { user: ada, channel });
    await waitForEphemeral(ada, /The daily budget of `acme\/service-\d+-[0-9a-f]+` is spent/);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(0);
    await workspace.harness.slashCommand(`budget ${seeded.repository.fullName}`, { user: ada, channel });
    await waitForEphemeral(
      ada,
      /Project, today \(\d{4}-\d{2}-\d{2}, UTC\): \$0\.0200 of \$0\.0100 :no_entry:/,
    );
  });

  it('answers through the response URL where the app cannot write, and explains a misnamed command', async () => {
    const seeded = await seed();
    await identify(ada, 'ada');
    await workspace.harness.slashCommand(`review ${seeded.url}`, { user: ada, channel: lockedChannel });
    await waitFor('the response_url answer', () =>
      workspace.harness.slack.state
        .ephemerals()
        .find((each) => each.via === 'response_url' && each.text.includes('is not linked to this channel')),
    );
    const misnamed = await workspace.harness.slashCommand('help', {
      user: ada,
      channel,
      commandName: '/agent',
    });
    expect(misnamed.response.json().text).toContain('set SLACK_COMMAND');
  });
});
