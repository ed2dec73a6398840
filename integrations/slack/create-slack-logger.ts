import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from '../../core/logging/create-logger.js';

/**
 * Slack's logger interface (Bolt, WebClient, Socket Mode) over Switchyard's pino logger. pino's level decides
 * what is written; Slack's `debug` goes to `trace`, since the SDKs log every request body there.
 */
export function createSlackLogger(logger: Logger): SlackLogger {
  let level: LogLevel = LogLevel.INFO;
  let child = logger.child({ component: 'slack-sdk' });
  const text = (parts: unknown[]) =>
    parts.map((part) => (part instanceof Error ? part.message : String(part))).join(' ');
  const errorOf = (parts: unknown[]) => parts.find((part) => part instanceof Error);
  return {
    debug: (...parts: unknown[]) => child.trace(text(parts)),
    info: (...parts: unknown[]) => child.info(text(parts)),
    warn: (...parts: unknown[]) => child.warn({ err: errorOf(parts) }, text(parts)),
    error: (...parts: unknown[]) => child.error({ err: errorOf(parts) }, text(parts)),
    setLevel(next: LogLevel) {
      level = next;
    },
    getLevel: () => level,
    setName(name: string) {
      child = logger.child({ component: 'slack-sdk', name });
    },
  };
}
