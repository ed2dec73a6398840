import { describe, expect, it } from '@jest/globals';
import { settle, waitFor } from '../github/support/github-app-harness.js';
import { channel, reviewAnswer, useSlackWorkspace } from './support/slack-workspace.js';

const lovelace = 'U0LOVELACE';
const nobody = 'U0NOBODY';

describe('the Slack app with SLACK_USER_MAPPING=email, end to end', () => {
  const workspace = useSlackWorkspace({ SLACK_USER_MAPPING: 'email' });
  const { seed, waitForEphemeral, messageAbout, jobRunsOf } = workspace;

  it('acts as the GitHub account whose public email is the Slack profile’s, with that account’s write access', async () => {
    const { harness } = workspace;
    harness.slack.addUser({
      id: lovelace,
      name: 'lovelace',
      profile: { email: 'Ada.Lovelace@Example.com', display_name: 'ada', real_name: 'Ada Lovelace' },
    });
    // `ada` may write to every repository of the workspace (useSlackWorkspace).
    harness.github.user('ada', { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' });
    harness.github.user('adam', { email: 'adam@example.com' });
    const seeded = await seed();
    harness.openai.script('gpt-4.1-mini', [{ kind: 'reply', text: reviewAnswer }]);

    const { response } = await harness.slashCommand(`review ${seeded.url}`, { user: lovelace, channel });
    expect(response.statusCode).toBe(200);
    const finished = await waitFor('the finished job run', async () => {
      const [run] = await jobRunsOf(seeded.projectId);
      return run?.status === 'succeeded' ? run : undefined;
    });
    expect(finished).toMatchObject({ agent: 'review', trigger: 'command', requestedBy: 'ada' });

    // The chain: Slack profile email → GitHub user search → the login's permission on the repository.
    const searches = harness.github.calls.filter((call) => call.route === 'GET /search/users');
    expect(searches.map((call) => new URL(call.path, 'http://github.invalid').searchParams.get('q'))).toEqual(
      ['Ada.Lovelace@Example.com in:email'],
    );
    expect(
      harness.github.calls.some(
        (call) =>
          call.route === 'GET /repos/:owner/:repo/collaborators/:username/permission' &&
          call.params.username === 'ada' &&
          call.status === 200,
      ),
    ).toBe(true);
    const identity = await harness.switchyard.context.prisma.slackUserIdentity.findFirst({
      where: { teamId: harness.slack.teamId, slackUserId: lovelace, platform: 'github' },
    });
    expect(identity).toMatchObject({ login: 'ada', verification: 'email' });
    const label = `${seeded.repository.fullName}#${seeded.pull.number}`;
    const message = await waitFor('the result message', () => {
      const found = messageAbout(label);
      return JSON.stringify(found?.blocks ?? []).includes('Cost:') ? found : undefined;
    });
    expect(message.history[0]!.text).toContain(`queued for <@${lovelace}>`);
  });

  it('refuses, ephemerally, someone whose Slack email no GitHub account shows', async () => {
    const { harness } = workspace;
    harness.slack.addUser({
      id: nobody,
      name: 'nobody',
      profile: { email: 'nobody@example.com', display_name: 'nobody', real_name: 'No Body' },
    });
    // An account with a similar public email: only the whole address matches.
    harness.github.user('nobody-else', { email: 'nobody-else@example.com' });
    const seeded = await seed();

    await harness.slashCommand(`review ${seeded.url}`, { user: nobody, channel });
    await waitForEphemeral(
      nobody,
      /No GitHub account shows the email of your Slack profile\. Make it your public email on GitHub, or ask a workspace admin to confirm your login with `\/switchyard identify`\./,
    );
    await settle(300);
    expect(await jobRunsOf(seeded.projectId)).toHaveLength(0);
    expect(messageAbout(`${seeded.repository.fullName}#${seeded.pull.number}`)).toBeUndefined();
    expect(harness.openai.calls).toHaveLength(0);
  });
});
