/** The kinds of sticky comment Switchyard keeps on a pull request: one of each, edited in place. */
export type StickyKind = 'review' | 'describe' | 'config-problems' | 'config-preview' | 'failure';

/** The hidden HTML comment that finds a sticky comment again (`<!-- switchyard:review -->`). */
export function stickyMarker(kind: StickyKind): string {
  return `<!-- switchyard:${kind} -->`;
}

/** The hidden marker of one job's review, so a rerun of the job finds the review it posted. */
export function reviewRunMarker(jobId: string): string {
  return `<!-- switchyard:review-run:${jobId} -->`;
}

/** The hidden marker of the answer to one command comment, so the answer is posted once. */
export function replyMarker(commentKey: string): string {
  return `<!-- switchyard:reply:${commentKey} -->`;
}
