import {
  auditQuerySchema,
  eventStreamQuerySchema,
  jobListQuerySchema,
  organizationUsageQuerySchema,
  usageCsvQuerySchema,
  usageQuerySchema,
} from './management-schemas.js';
import type { ManagementOperation } from './openapi-components.js';

/** What happened: usage, jobs, the audit log and the live event stream. */
export const activityOperations: ManagementOperation[] = [
  {
    method: 'GET',
    path: '/projects/:id/usage',
    operationId: 'getUsage',
    tag: 'usage',
    summary: "Sum a project's usage in [from, to) per day, provider or model",
    description:
      '`from` defaults to the start of the UTC month, `to` to now. Unknown query parameters are a 400.',
    query: usageQuerySchema,
    success: { status: 200, schema: 'Usage', description: 'Rows and totals' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/usage',
    operationId: 'getOrganizationUsage',
    tag: 'usage',
    summary:
      "Sum the usage of an organization's projects in [from, to) per day, provider, model, agent or project",
    description:
      "The same report as a project's (viewer or higher). With `groupBy=project` rows are keyed by project id and " +
      "carry the project's `name`. `from` defaults to the start of the UTC month, `to` to now. Unknown query " +
      'parameters are a 400.',
    query: organizationUsageQuerySchema,
    success: { status: 200, schema: 'Usage', description: 'Rows and totals' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/projects/:id/usage.csv',
    operationId: 'exportUsage',
    tag: 'usage',
    summary: "Export a project's usage in [from, to) as CSV, per UTC day, provider, model and agent",
    description:
      'Columns: day,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,p95_latency_ms,failovers ' +
      '(RFC 4180, CRLF line ends; latencies are of successful calls and empty without any). Range defaults like the JSON report.',
    query: usageCsvQuerySchema,
    success: { status: 200, contentType: 'text/csv', description: 'The CSV table, with a header line' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/usage.csv',
    operationId: 'exportOrganizationUsage',
    tag: 'usage',
    summary:
      "Export the usage of an organization's projects in [from, to) as CSV, per UTC day, project, provider, model and agent",
    description:
      'Columns: day,project,project_id,provider,model,agent,calls,input_tokens,output_tokens,cost_usd,p50_latency_ms,' +
      'p95_latency_ms,failovers (viewer or higher; `project` is the name). Otherwise like the project export.',
    query: usageCsvQuerySchema,
    success: { status: 200, contentType: 'text/csv', description: 'The CSV table, with a header line' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/orgs/:id/jobs',
    operationId: 'listJobs',
    tag: 'jobs',
    summary: "List an organization's jobs, newest first",
    description: 'Pages of `limit` (1–200, default 50); pass `nextBefore` as `before` for the next page.',
    query: jobListQuerySchema,
    success: { status: 200, schema: 'JobList', description: 'The jobs and the next page cursor' },
    errors: [400, 404],
  },
  {
    method: 'POST',
    path: '/jobs/:id/rerun',
    operationId: 'rerunJob',
    tag: 'jobs',
    summary: 'Re-run a review or describe job (member or higher)',
    description:
      "Enqueues the same agent on the same pull request as a new job (it works on the pull request's newest head). " +
      'It posts its result on the pull request as usual but no command replies. Other agents answer a comment or ' +
      'chat message that is not kept: 409 job.not_rerunnable.',
    success: { status: 202, schema: 'JobRerun', description: 'The new job' },
    errors: [404, 409],
  },
  {
    method: 'GET',
    path: '/orgs/:id/audit',
    operationId: 'listAuditEvents',
    tag: 'audit',
    summary: 'Read the audit log of an organization and its projects, newest first (admin or higher)',
    description:
      '`action` and `actor` match exactly; `[from, to)` bounds the time; pages of `limit` (1–200, default 50), ' +
      'pass `nextBefore` as `before` for the next page.',
    query: auditQuerySchema,
    success: { status: 200, schema: 'AuditList', description: 'The events and the next page cursor' },
    errors: [400, 404],
  },
  {
    method: 'GET',
    path: '/events',
    operationId: 'streamEvents',
    tag: 'events',
    summary: "Live updates of an organization's jobs and spend (Server-Sent Events)",
    description:
      '`event: job` with data `{id, projectId, status, costUsd, resultUrl, errorCode, queuedAt, finishedAt}` whenever ' +
      'a job changes status; `event: usage` with data `{projectId, costUsd, at}`: spend recorded since the last ' +
      'one, about once a second per project; a `: ping` comment every 15 s. Works with EventSource and the session cookie.',
    query: eventStreamQuerySchema,
    success: {
      status: 200,
      contentType: 'text/event-stream',
      description: 'The event stream; it stays open',
    },
    errors: [400, 404],
  },
];
