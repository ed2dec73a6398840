import { createSlackClient } from '../../integrations/slack/create-slack-client.js';
import type { RouteRegistrar } from '../server/create-server.js';
import { createSlackBoltApp } from './create-slack-bolt-app.js';
import { createSlackCommandHandler } from './create-slack-command-handler.js';
import { createSlackCommandServices } from './create-slack-command-services.js';
import { createSlackHttpReceiver } from './create-slack-http-receiver.js';
import { startSlackBudgetAlerts } from './post-slack-budget-alerts.js';
import { startSlackSocketMode } from './start-slack-socket-mode.js';

/** Where Slack sends slash commands (and events): the command's "Request URL" is `<PUBLIC_URL>/api/slack/events`. */
export const slackEventsPath = '/api/slack/events';

/**
 * The Slack app: `/switchyard` over HTTP at /api/slack/events when SLACK_SIGNING_SECRET is set, over Socket Mode
 * when SLACK_APP_TOKEN is set (both may be), posting with SLACK_BOT_TOKEN; and budget alerts to linked channels.
 */
export const registerSlackRoutes: RouteRegistrar = async (server, context) => {
  const { environment } = context;
  const logger = context.logger.child({ component: 'slack' });
  const botToken = environment.SLACK_BOT_TOKEN;
  const signingSecret = environment.SLACK_SIGNING_SECRET;
  const appToken = environment.SLACK_APP_TOKEN;
  if (!botToken) {
    if (signingSecret || appToken) {
      logger.warn(
        'SLACK_BOT_TOKEN is not set: set it to the bot token (xoxb-…) of the Slack app, or Switchyard cannot answer in Slack',
      );
    }
    return;
  }
  if (!signingSecret && !appToken) {
    logger.warn(
      'SLACK_BOT_TOKEN is set but neither SLACK_SIGNING_SECRET (HTTP) nor SLACK_APP_TOKEN (Socket Mode): Slack commands cannot reach Switchyard',
    );
    return;
  }
  const slack = createSlackClient({ token: botToken, apiUrl: environment.SLACK_API_URL, logger });
  const services = createSlackCommandServices(context, slack);
  const handle = createSlackCommandHandler(services);
  const common = {
    botToken,
    apiUrl: environment.SLACK_API_URL,
    command: environment.SLACK_COMMAND,
    handle,
    logger,
  };
  const stops: Array<() => Promise<unknown>> = [];

  if (signingSecret) {
    const receiver = createSlackHttpReceiver({ signingSecret, logger });
    createSlackBoltApp({ ...common, receiver });
    await server.register(async (scope) => {
      // The signature covers the raw body: keep it as text in this scope only.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) =>
        done(null, body),
      );
      scope.post(slackEventsPath, async (request, reply) => {
        const answer = await receiver.handle({
          headers: request.headers,
          contentType: request.headers['content-type'],
          rawBody: typeof request.body === 'string' ? request.body : '',
        });
        if (answer.status >= 400)
          request.log.warn({ status: answer.status, body: answer.body }, 'slack request refused');
        if (answer.body === undefined) return reply.code(answer.status).send();
        if (typeof answer.body === 'string')
          return reply.code(answer.status).type('text/plain; charset=utf-8').send(answer.body);
        return reply.code(answer.status).send(answer.body);
      });
    });
    stops.push(() => receiver.drain());
    logger.info(
      { path: slackEventsPath, command: environment.SLACK_COMMAND },
      'Slack commands enabled over HTTP',
    );
  }
  if (appToken) {
    const socketMode = startSlackSocketMode({ ...common, appToken });
    stops.push(() => socketMode.stop());
  }
  const alerts = startSlackBudgetAlerts({ prisma: context.prisma, slack, store: services.store, logger });
  stops.push(() => alerts.close());
  server.addHook('onClose', async () => {
    for (const stop of stops) await stop();
  });
};
