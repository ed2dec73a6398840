/** The workspace the Slack stand-in keeps in memory: users, channels, messages, ephemeral replies. */

export interface FakeSlackUser {
  id: string;
  team_id: string;
  name: string;
  real_name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_bot: boolean;
  deleted: boolean;
  profile: { email?: string; display_name: string; real_name: string };
}

export interface FakeSlackChannel {
  id: string;
  name: string;
  is_private: boolean;
  /** Whether the bot is in the channel: posting to a channel it is not in fails with `not_in_channel`. */
  is_member: boolean;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks?: unknown[];
  /** Every version the message had, first post included. */
  history: Array<{ text: string; blocks?: unknown[] }>;
}

export interface FakeSlackEphemeral {
  channel: string;
  user: string;
  text: string;
  blocks?: unknown[];
  /** `chat.postEphemeral`, or `response_url`. */
  via: 'chat.postEphemeral' | 'response_url';
}

export interface SlackState {
  addUser(user: Partial<FakeSlackUser> & { id: string }): FakeSlackUser;
  addChannel(channel: Partial<FakeSlackChannel> & { id: string }): FakeSlackChannel;
  /** Messages of a channel, oldest first. */
  messages(channel: string): FakeSlackMessage[];
  /** Ephemeral replies (to `user` when given), oldest first. */
  ephemerals(user?: string): FakeSlackEphemeral[];
  /** Answers one Web API method as Slack would. */
  call(method: string, body: Record<string, unknown>): Record<string, unknown>;
  recordResponse(id: string, body: Record<string, unknown>): void;
  reset(): void;
}

const botUserId = 'U0SWITCHYARD';
const botId = 'B0SWITCHYARD';

export function createSlackState(teamId: string): SlackState {
  const users = new Map<string, FakeSlackUser>();
  const channels = new Map<string, FakeSlackChannel>();
  const messages: FakeSlackMessage[] = [];
  const ephemerals: FakeSlackEphemeral[] = [];
  let counter = 0;
  const nextTs = () => {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`;
  };
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const blocksOf = (value: unknown) => (Array.isArray(value) ? value : undefined);
  const messageJson = (message: FakeSlackMessage) => ({
    type: 'message',
    user: botUserId,
    bot_id: botId,
    text: message.text,
    ts: message.ts,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
    ...(message.blocks ? { blocks: message.blocks } : {}),
    team: teamId,
  });
  /** The error Slack gives for a channel the bot cannot post to, if any. */
  const channelProblem = (channel: string) => {
    const found = channels.get(channel);
    if (!found) return 'channel_not_found';
    return found.is_member ? undefined : 'not_in_channel';
  };
  const invalidBlocks = (value: unknown) => value !== undefined && !Array.isArray(value);

  const methods: Record<string, (body: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({
      ok: true,
      url: 'https://switchyard-test.slack.com/',
      team: 'Switchyard Test',
      user: 'switchyard',
      team_id: teamId,
      user_id: botUserId,
      bot_id: botId,
    }),
    'chat.postMessage': (body) => {
      const channel = text(body.channel);
      const problem = channelProblem(channel);
      if (problem) return { ok: false, error: problem };
      if (invalidBlocks(body.blocks)) return { ok: false, error: 'invalid_blocks' };
      if (text(body.text) === '' && !blocksOf(body.blocks)) return { ok: false, error: 'no_text' };
      const message: FakeSlackMessage = {
        channel,
        ts: nextTs(),
        thread_ts: text(body.thread_ts) || undefined,
        text: text(body.text),
        blocks: blocksOf(body.blocks),
        history: [],
      };
      message.history.push({ text: message.text, blocks: message.blocks });
      messages.push(message);
      return { ok: true, channel, ts: message.ts, message: messageJson(message) };
    },
    'chat.update': (body) => {
      const channel = text(body.channel);
      if (!channels.has(channel)) return { ok: false, error: 'channel_not_found' };
      const message = messages.find((each) => each.channel === channel && each.ts === text(body.ts));
      if (!message) return { ok: false, error: 'message_not_found' };
      if (invalidBlocks(body.blocks)) return { ok: false, error: 'invalid_blocks' };
      message.text = text(body.text);
      message.blocks = blocksOf(body.blocks);
      message.history.push({ text: message.text, blocks: message.blocks });
      return { ok: true, channel, ts: message.ts, text: message.text, message: messageJson(message) };
    },
    'chat.postEphemeral': (body) => {
      const channel = text(body.channel);
      const problem = channelProblem(channel);
      if (problem) return { ok: false, error: problem === 'not_in_channel' ? 'channel_not_found' : problem };
      if (!users.has(text(body.user))) return { ok: false, error: 'user_not_found' };
      ephemerals.push({
        channel,
        user: text(body.user),
        text: text(body.text),
        blocks: blocksOf(body.blocks),
        via: 'chat.postEphemeral',
      });
      return { ok: true, message_ts: nextTs() };
    },
    'chat.getPermalink': (body) => {
      const message = messages.find(
        (each) => each.channel === text(body.channel) && each.ts === text(body.message_ts),
      );
      if (!message) return { ok: false, error: 'message_not_found' };
      return {
        ok: true,
        channel: message.channel,
        permalink: `https://switchyard-test.slack.com/archives/${message.channel}/p${message.ts.replace('.', '')}`,
      };
    },
    'users.info': (body) => {
      const user = users.get(text(body.user));
      return user ? { ok: true, user } : { ok: false, error: 'user_not_found' };
    },
    'conversations.info': (body) => {
      const channel = channels.get(text(body.channel));
      return channel ? { ok: true, channel } : { ok: false, error: 'channel_not_found' };
    },
  };

  return {
    addUser(user) {
      const name = user.name ?? user.id.toLowerCase();
      const created: FakeSlackUser = {
        team_id: teamId,
        name,
        real_name: name,
        is_admin: false,
        is_owner: false,
        is_primary_owner: false,
        is_bot: false,
        deleted: false,
        profile: { display_name: name, real_name: name },
        ...user,
      };
      users.set(created.id, created);
      return created;
    },
    addChannel(channel) {
      const created: FakeSlackChannel = {
        name: channel.id.toLowerCase(),
        is_private: false,
        is_member: true,
        ...channel,
      };
      channels.set(created.id, created);
      return created;
    },
    messages: (channel) => messages.filter((message) => message.channel === channel),
    ephemerals: (user) => ephemerals.filter((each) => user === undefined || each.user === user),
    call(method, body) {
      const handler = methods[method];
      return handler ? handler(body) : { ok: false, error: 'unknown_method' };
    },
    recordResponse(_id, body) {
      ephemerals.push({
        channel: '',
        user: '',
        text: text(body.text),
        blocks: blocksOf(body.blocks),
        via: 'response_url',
      });
    },
    reset() {
      users.clear();
      channels.clear();
      messages.length = 0;
      ephemerals.length = 0;
    },
  };
}
