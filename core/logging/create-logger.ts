import { type Logger, pino } from 'pino';

export type { Logger };

/** Paths that must never reach a log line, whatever object is logged. */
export const redactedLogPaths = [
  'apiKey',
  '*.apiKey',
  'key',
  '*.key',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'request.headers.authorization',
  'secret',
  '*.secret',
  'password',
  '*.password',
];

/**
 * Structured JSON logger (pino, as Probot uses) with secrets redacted. Lines go to stdout asynchronously:
 * a synchronous write per request line costs the gateway more than the rest of its hop. Call `flush()`
 * before exiting.
 */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'switchyard' },
      redact: { paths: redactedLogPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
