import { useState } from 'react';
import { api, describeError } from '../api-client.js';
import type { Job } from '../api-types.js';
import { formatDuration, formatTime, formatUsd } from '../format.js';
import { StatusBadge } from './status-badge.js';

// A config job re-reads the repository's .switchyard.yml (it has no pull request number).
const rerunnable = new Set(['review', 'describe', 'config']);

interface JobRowProps {
  job: Job;
  projectName: string | undefined;
  onRerun: () => void;
}

/** One job: what, where, how it went, what it cost, and a re-run for reviews, descriptions and config reads. */
export function JobRow({ job, projectName, onRerun }: JobRowProps) {
  const [message, setMessage] = useState<{ text: string; failed: boolean }>();
  const [busy, setBusy] = useState(false);
  const target = job.repository ? `${job.repository}${job.targetNumber ? ` #${job.targetNumber}` : ''}` : '';
  const rerun = async () => {
    setBusy(true);
    setMessage(undefined);
    try {
      const answer = await api<{ jobId: string; status: string }>('POST', `/jobs/${job.id}/rerun`);
      setMessage({ text: `Re-run ${answer.status}.`, failed: false });
      onRerun();
    } catch (failure) {
      setMessage({ text: describeError(failure), failed: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr data-job-id={job.id}>
      <td>
        <StatusBadge status={job.status} />
        {job.status === 'failed' && (job.errorMessage || job.errorCode) ? (
          <div className="job-error small">
            {job.errorCode ? <code>{job.errorCode}</code> : null} {job.errorMessage}
          </div>
        ) : null}
      </td>
      <td>
        <div>{projectName ?? job.projectId}</div>
        {target ? <div className="muted small">{target}</div> : null}
      </td>
      <td>
        <div>{job.agent ?? '—'}</div>
        <div className="muted small">
          {job.trigger ?? ''}
          {job.requestedBy ? ` by ${job.requestedBy}` : ''}
        </div>
      </td>
      <td className="nowrap">{formatTime(job.queuedAt)}</td>
      <td className="nowrap">{formatDuration(job.durationMs)}</td>
      <td>{job.attempts ?? '—'}</td>
      <td className="nowrap">{formatUsd(job.costUsd)}</td>
      <td>
        {job.resultUrl ? (
          <a href={job.resultUrl} target="_blank" rel="noreferrer">
            View result<span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        ) : (
          '—'
        )}
      </td>
      <td>
        {job.agent && rerunnable.has(job.agent) ? (
          <button type="button" className="small secondary" disabled={busy} onClick={() => void rerun()}>
            Re-run<span className="visually-hidden"> job {target}</span>
          </button>
        ) : null}
        {message ? (
          <div
            role={message.failed ? 'alert' : 'status'}
            className={message.failed ? 'job-error small' : 'small'}
          >
            {message.text}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
