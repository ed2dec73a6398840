import { useCallback, useEffect, useRef, useState } from 'react';
import { api, describeError } from './api-client.js';
import type { Job } from './api-types.js';
import type { JobEvent } from './use-live-events.js';

export interface JobFilters {
  projectId: string;
  status: string;
  agent: string;
}

interface JobPage {
  jobs: Job[];
  nextBefore?: string;
}

const pageSize = 50;

/** The organization's jobs, newest first, with "load more" and live updates merged in by id. */
export function useJobs(organizationId: string, filters: JobFilters) {
  const [jobs, setJobs] = useState<Job[]>([]);
  const [nextBefore, setNextBefore] = useState<string>();
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<string>();
  const generation = useRef(0);
  const latestJobs = useRef(jobs);
  latestJobs.current = jobs;
  // Live events by job, numbered as they arrive: a page read that started before an event may hold an older
  // status than the event, and must not put it back.
  const eventCount = useRef(0);
  const lastEvents = useRef(new Map<string, { number: number; event: JobEvent }>());
  /** A job as read from the API, with any event that arrived after the read started laid over it. */
  const withNewerEvent = useCallback((job: Job, readStartedAt: number): Job => {
    const latest = lastEvents.current.get(job.id);
    return latest && latest.number > readStartedAt ? { ...job, ...latest.event } : job;
  }, []);
  const query = useCallback(
    (before?: string) => {
      const params = new URLSearchParams({ limit: String(pageSize) });
      if (filters.projectId) params.set('projectId', filters.projectId);
      if (filters.status) params.set('status', filters.status);
      if (filters.agent) params.set('agent', filters.agent);
      if (before) params.set('before', before);
      return api<JobPage>('GET', `/orgs/${organizationId}/jobs?${params}`);
    },
    [organizationId, filters.projectId, filters.status, filters.agent],
  );
  /** Reloads the first page, keeping rows already loaded further down. */
  const refresh = useCallback(async () => {
    const mine = ++generation.current;
    const readStartedAt = eventCount.current;
    try {
      const page = await query();
      if (mine !== generation.current) return;
      setJobs((current) => {
        const fresh = new Set(page.jobs.map((job) => job.id));
        return [
          ...page.jobs.map((job) => withNewerEvent(job, readStartedAt)),
          ...current.filter((job) => !fresh.has(job.id)),
        ];
      });
      setNextBefore((current) => current ?? page.nextBefore);
      setState('ready');
      setError(undefined);
    } catch (failure) {
      if (mine !== generation.current) return;
      setError(describeError(failure));
      setState('error');
    }
  }, [query, withNewerEvent]);
  // A change of filters starts over.
  useEffect(() => {
    setJobs([]);
    setNextBefore(undefined);
    setState('loading');
    const mine = ++generation.current;
    const readStartedAt = eventCount.current;
    query()
      .then((page) => {
        if (mine !== generation.current) return;
        setJobs(page.jobs.map((job) => withNewerEvent(job, readStartedAt)));
        setNextBefore(page.nextBefore);
        setState('ready');
      })
      .catch((failure: unknown) => {
        if (mine !== generation.current) return;
        setError(describeError(failure));
        setState('error');
      });
  }, [query, withNewerEvent]);
  const loadMore = useCallback(async () => {
    if (!nextBefore) return;
    try {
      const page = await query(nextBefore);
      setJobs((current) => [...current, ...page.jobs.filter((job) => !current.some((c) => c.id === job.id))]);
      setNextBefore(page.nextBefore);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [nextBefore, query]);
  /** Applies a live `job` event: updates the row, or adds it and fetches its details. */
  const applyEvent = useCallback(
    (event: JobEvent) => {
      if (filters.projectId && event.projectId !== filters.projectId) return;
      eventCount.current += 1;
      lastEvents.current.set(event.id, { number: eventCount.current, event });
      // Only events newer than a read in flight matter: a page left open for days keeps the recent ones.
      if (lastEvents.current.size > 2000) {
        for (const [id, { number }] of lastEvents.current) {
          if (number < eventCount.current - 1000) lastEvents.current.delete(id);
        }
      }
      const known = latestJobs.current.some((job) => job.id === event.id);
      // Events name no agent: a new job under an agent filter is left to the filtered read.
      if (filters.agent && !known) {
        void refresh();
        return;
      }
      setJobs((current) => {
        if (filters.status && event.status !== filters.status) {
          return current.filter((job) => job.id !== event.id);
        }
        if (current.some((job) => job.id === event.id)) {
          return current.map((job) => (job.id === event.id ? { ...job, ...event } : job));
        }
        return [{ ...event }, ...current];
      });
      // A new job needs its details; a failure needs its error message, which the event does not carry.
      if (!known || event.status === 'failed') void refresh();
    },
    [filters.projectId, filters.status, filters.agent, refresh],
  );
  return { jobs, state, error, hasMore: Boolean(nextBefore), loadMore, applyEvent, refresh };
}
