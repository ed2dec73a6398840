/** What the web page shows of a job run when its status changes. */
export interface JobEventData {
  id: string;
  projectId: string;
  status: string;
  costUsd: number;
  resultUrl: string | null;
  errorCode: string | null;
  queuedAt: string;
  finishedAt: string | null;
}

/** Spend recorded for a project since the previous usage event (about one per second per project). */
export interface UsageEventData {
  projectId: string;
  costUsd: number;
  /** When the newest of the summed usage rows was recorded. */
  at: string;
}

/** A live update, as published on the events channel; `organizationId` decides who may receive it. */
export type SwitchyardEvent =
  | { type: 'job'; organizationId: string; data: JobEventData }
  | { type: 'usage'; organizationId: string; data: UsageEventData };

/** The Redis pub/sub channel of live updates. */
export function eventChannelName(keyPrefix: string): string {
  return `${keyPrefix}events`;
}

/** Reads one channel message; undefined for anything that is not a Switchyard event. */
export function parseSwitchyardEvent(message: string): SwitchyardEvent | undefined {
  const value = JSON.parse(message) as Partial<SwitchyardEvent> | null;
  if (!value || typeof value !== 'object') return undefined;
  if (value.type !== 'job' && value.type !== 'usage') return undefined;
  if (typeof value.organizationId !== 'string' || !value.data || typeof value.data !== 'object')
    return undefined;
  return value as SwitchyardEvent;
}
