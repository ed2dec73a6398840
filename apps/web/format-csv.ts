// RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; lines end with CRLF.
// A field starting with = + - @ (or a tab/CR) is prefixed with ' so a spreadsheet never runs it as a formula.

const needsQuotes = /[",\r\n]/;
const formulaStart = /^[=+\-@\t\r]/;

/** One CSV field: numbers as they are, null as empty, text escaped. */
export function formatCsvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = formulaStart.test(value) ? `'${value}` : value;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document: the header line, then one line per row. */
export function formatCsv(
  header: readonly string[],
  rows: readonly (readonly (string | number | null)[])[],
): string {
  return [header, ...rows].map((fields) => `${fields.map(formatCsvField).join(',')}\r\n`).join('');
}
