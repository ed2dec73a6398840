import type { Job } from '../api-types.js';
import { JobRow } from './job-row.js';

interface JobsTableProps {
  jobs: Job[];
  projectNames: Map<string, string>;
  onRerun: () => void;
}

/** Jobs, newest first. */
export function JobsTable({ jobs, projectNames, onRerun }: JobsTableProps) {
  return (
    <div className="table-wrap">
      <table className="jobs">
        <caption className="visually-hidden">Jobs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Project and target</th>
            <th scope="col">Agent and trigger</th>
            <th scope="col">Queued</th>
            <th scope="col">Duration</th>
            <th scope="col">Attempts</th>
            <th scope="col">Cost</th>
            <th scope="col">Result</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              job={job}
              projectName={job.projectName ?? projectNames.get(job.projectId)}
              onRerun={onRerun}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
