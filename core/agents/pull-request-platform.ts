/**
 * The two small interfaces every platform integration (integrations/github, integrations/gitlab…)
 * implements for one pull / merge request, so core/agents never imports a platform SDK.
 */

/** How a file changed, in the platform-neutral vocabulary (GitHub's, which GitLab maps onto). */
export type ChangedFileStatus =
  | 'added'
  | 'modified'
  | 'removed'
  | 'renamed'
  | 'copied'
  | 'changed'
  | 'unchanged';

/** One file of a change, with its unified diff hunks. */
export interface ChangedFile {
  path: string;
  /** The old path of a renamed or copied file. */
  previousPath?: string;
  status: ChangedFileStatus;
  additions: number;
  deletions: number;
  /**
   * The unified diff hunks, starting at the first `@@` line (no `diff --git`/`---`/`+++` header).
   * Undefined when the platform gives none: binary files, or diffs too large for the API.
   */
  patch?: string;
}

/** The state of a pull request the agents work from (all of it untrusted text, except the SHAs). */
export interface PullRequestSnapshot {
  /** `owner/name` on GitHub, the project path on GitLab. */
  repository: string;
  number: number;
  title: string;
  body: string;
  author: { login: string; isBot: boolean };
  draft: boolean;
  state: 'open' | 'closed' | 'merged';
  labels: string[];
  baseRef: string;
  baseSha: string;
  headRef: string;
  headSha: string;
  /** The repository's default branch. */
  defaultBranch: string;
  /** The pull request's page, for links in Slack messages and job listings. */
  url: string;
}

/** A platform role, ordered: a command needs `write` or higher unless the config lists the user. */
export type RepositoryPermission = 'none' | 'read' | 'write' | 'admin';

/** Reads a pull request and its repository. Every method is scoped to the one pull request it was opened for. */
export interface ChangeSource {
  getPullRequest(): Promise<PullRequestSnapshot>;
  /** Every file of the pull request (base…head), all pages. */
  listChangedFiles(): Promise<ChangedFile[]>;
  /**
   * Files changed between two commits (`base...head`), for incremental reviews. Undefined when the platform
   * cannot compare them (a force-push dropped `base`, or `head` does not descend from it).
   */
  compareCommits(base: string, head: string): Promise<ChangedFile[] | undefined>;
  /** A file's text at a ref; undefined when it does not exist there. */
  readFile(path: string, ref: string): Promise<string | undefined>;
  /** A user's permission on the repository, as the platform reports it (never inferred from the login). */
  getPermission(login: string): Promise<RepositoryPermission>;
}

/** Reads one repository outside any pull request: the `config` job reads `.switchyard.yml` through it. */
export interface RepositorySource {
  /** The repository's default branch, as the platform reports it now; undefined for an empty repository. */
  getDefaultBranch(): Promise<string | undefined>;
  /** A file's text at a ref; undefined when it does not exist there. */
  readFile(path: string, ref: string): Promise<string | undefined>;
}

/** An inline finding anchored to a line of the pull request's diff. */
export interface InlineComment {
  path: string;
  /** Line in the new file (`RIGHT`) or the old one (`LEFT`, for deleted lines). */
  line: number;
  side: 'LEFT' | 'RIGHT';
  /** First line of a multi-line range, same side, in the same hunk. */
  startLine?: number;
  /** Markdown body; ends with the finding's hidden fingerprint marker. */
  body: string;
  fingerprint: string;
}

/** A reaction on the comment that carried a command. */
export type CommandReaction = 'eyes' | '+1' | '-1' | 'confused';

/** Where a command came from (the comment to react on, the thread to answer in), as the app recorded it. */
export type ReplyTarget = Record<string, unknown>;

/** Something the sink posted, with its link. */
export interface PostedResult {
  id: string;
  url: string;
}

/**
 * Posts results on one pull request. Every write is idempotent by its key or marker, because BullMQ delivers
 * at least once: posting the same thing twice leaves one comment, one review, one reaction.
 */
export interface ResultSink {
  /** How this platform writes an applicable code suggestion (GitHub: ```suggestion; GitLab: ```suggestion:-N+0). */
  readonly suggestionSyntax?: 'github' | 'gitlab';
  /** Creates or edits in place the one comment carrying `marker` (a hidden HTML comment). */
  upsertStickyComment(marker: string, body: string): Promise<PostedResult>;
  /** The body of the comment carrying `marker`, if there is one. */
  readStickyComment(marker: string): Promise<(PostedResult & { body: string }) | undefined>;
  /**
   * Posts one review with these inline comments on `commitSha`, unless a review carrying `runMarker` exists
   * already (then returns that one). Comments the platform refuses to anchor are returned, not lost.
   */
  postReview(input: {
    runMarker: string;
    commitSha: string;
    body: string;
    comments: InlineComment[];
  }): Promise<PostedResult & { rejected: InlineComment[] }>;
  /** Fingerprints of inline findings already posted on this pull request (read from their markers). */
  listPostedFingerprints(): Promise<Set<string>>;
  /**
   * The platform's id of the command's comment (GitHub comment id, GitLab note id), which names the one reply
   * a command gets; undefined when `replyTo` is not one of this platform's.
   */
  replyKey(replyTo: ReplyTarget): string | undefined;
  /** Answers in the thread of `replyTo` (a new comment quoting it where threads do not exist), once per `marker`. */
  reply(replyTo: ReplyTarget, marker: string, body: string): Promise<PostedResult>;
  /** Adds a reaction to the command comment; removes `eyes` when a final reaction is added. */
  react(replyTo: ReplyTarget, reaction: CommandReaction): Promise<void>;
}

/** Opens the source and sink of one pull request for a job (a GitHub installation client, a GitLab token…). */
export interface PullRequestPlatform {
  open(target: { organizationId: string; projectId: string; repository: string; number: number }): Promise<{
    source: ChangeSource;
    sink: ResultSink;
  }>;
  /** Opens a repository for reading only, with the same credentials and organization checks as `open`. */
  openRepository(target: {
    organizationId: string;
    projectId: string;
    repository: string;
  }): Promise<RepositorySource>;
}

/** How a job that came from a chat (Slack) reports back there, besides what it posts on the pull request. */
export interface ConversationSink {
  /** Shows progress by editing the job's one progress message (created on first use). */
  progress(replyTo: ReplyTarget, text: string): Promise<void>;
  /** Replaces the progress message with the result: what was done, a link, the cost. */
  finish(replyTo: ReplyTarget, result: ConversationResult): Promise<PostedResult>;
  /** Replaces the progress message with a failure that says what to do. */
  fail(replyTo: ReplyTarget, message: string): Promise<void>;
}

/** The result of a chat-origin job, platform-neutral (the Slack sink renders it as Block Kit). */
export interface ConversationResult {
  /** e.g. "Review of acme/api#42". */
  title: string;
  /** Markdown: the review summary, the description, the answer. Untrusted model output, neutralized. */
  markdown: string;
  /** The pull request's page. */
  pullRequestUrl: string;
  /** Where the full result was posted on the pull request (the sticky comment), when it was. */
  resultUrl?: string;
  costUsd: number;
  /** The footer line (models, tokens, cost, coverage). */
  footer: string;
}
