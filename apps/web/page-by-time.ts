/** One page of a newest-first list, and where the next one starts. */
export interface TimePage<Row> {
  rows: Row[];
  /** Pass as `before` to read the next page; absent on the last one. */
  nextBefore?: string;
}

/**
 * Cuts a newest-first list read with `limit + 1` rows into a page. `before` is exclusive, so rows sharing
 * the boundary's millisecond move to the next page whole (nextBefore is one millisecond after it) and none is
 * skipped; only when more than `limit` rows share one millisecond can the rest of that millisecond be missed.
 */
export function pageByTime<Row>(rows: Row[], limit: number, timeOf: (row: Row) => Date): TimePage<Row> {
  if (rows.length <= limit) return { rows };
  const boundary = timeOf(rows[limit]!).getTime();
  const page = rows.slice(0, limit).filter((row) => timeOf(row).getTime() > boundary);
  if (page.length > 0) return { rows: page, nextBefore: new Date(boundary + 1).toISOString() };
  return { rows: rows.slice(0, limit), nextBefore: new Date(boundary).toISOString() };
}
