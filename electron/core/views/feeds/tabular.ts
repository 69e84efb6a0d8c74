/**
 * Flat rows of text written as JSON, CSV (RFC 4180) and XML, the three shapes vMix-style data
 * sources read. Every writer takes the column list separately from the rows, so a feed keeps the
 * same columns in the same order whether it has rows or not. Pure functions, no I/O.
 */

/** One row: every column a string, "" when there is nothing to show. */
export type FeedRow = Record<string, string>;

export type FeedFormat = 'json' | 'csv' | 'xml';

export const FEED_FORMATS: readonly FeedFormat[] = ['json', 'csv', 'xml'];

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
  xml: 'application/xml; charset=utf-8',
};

/**
 * An XML 1.0 element name in the ASCII subset: a letter or `_` first, then letters, digits, `.`,
 * `-` or `_` (`Name.Text` is one). Column names are checked against it when a feed is defined.
 */
export const XML_NAME = /^[A-Za-z_][A-Za-z0-9._-]*$/;

/** The rows with exactly these columns, in this order; a missing or non-string value becomes text. */
export function normaliseRows(columns: readonly string[], rows: readonly Partial<FeedRow>[]): FeedRow[] {
  return rows.map((row) => {
    const out: FeedRow = {};
    for (const c of columns) out[c] = text(row[c]);
    return out;
  });
}

export function toJson(columns: readonly string[], rows: readonly Partial<FeedRow>[]): string {
  return JSON.stringify(normaliseRows(columns, rows));
}

/**
 * RFC 4180: a header row, CRLF after every record, a field quoted when it holds a comma, a quote,
 * CR or LF (or starts or ends with a space, which some readers trim), quotes doubled inside; a
 * field that would start a formula gets a leading `'` first.
 */
export function toCsv(columns: readonly string[], rows: readonly Partial<FeedRow>[]): string {
  const line = (fields: readonly string[]) => fields.map(csvField).join(',') + '\r\n';
  let out = line(columns);
  for (const row of normaliseRows(columns, rows)) out += line(columns.map((c) => row[c]!));
  return out;
}

/**
 * A spreadsheet reads a cell starting with one of these as a formula (or, for TAB and CR, may drop
 * them and then read one): a hostile athlete or team name would run in the operator's Excel.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * OWASP's CSV-injection advice: a formula-like cell gets a leading single quote, which spreadsheets
 * show as text. Legitimate marks are touched too (`-` for a pass, `+2.4` wind, `-0.3`): JSON and
 * XML keep every value exact, so those are the feeds for anything that reads numbers.
 */
export function neutraliseCsvCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function csvField(raw: string): string {
  const value = neutraliseCsvCell(raw);
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * `<feed><row><Name.Text>…</Name.Text>…</row>…</feed>`, every column in every row (empty ones as
 * `<Col></Col>`); an empty feed is `<feed/>`. Text is escaped (& < > " ') and characters XML 1.0
 * cannot carry at all (most control characters, lone surrogates) are dropped.
 */
export function toXml(columns: readonly string[], rows: readonly Partial<FeedRow>[], root = 'feed', rowName = 'row'): string {
  for (const name of [root, rowName, ...columns]) {
    if (!XML_NAME.test(name)) throw new Error(`not an XML element name: ${JSON.stringify(name)}`);
  }
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const normalised = normaliseRows(columns, rows);
  if (!normalised.length) return `${head}<${root}/>\n`;
  let out = `${head}<${root}>\n`;
  for (const row of normalised) {
    out += `  <${rowName}>`;
    for (const c of columns) out += `<${c}>${escapeXml(row[c]!)}</${c}>`;
    out += `</${rowName}>\n`;
  }
  return `${out}</${root}>\n`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(value: string): string {
  return (
    value
      // Not allowed anywhere in an XML 1.0 document, not even as a character reference.
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
      // A CR would reach a parser as LF; the reference keeps it.
      .replace(/\r/g, '&#13;')
  );
}

export function serialise(format: FeedFormat, columns: readonly string[], rows: readonly Partial<FeedRow>[]): string {
  switch (format) {
    case 'json':
      return toJson(columns, rows);
    case 'csv':
      return toCsv(columns, rows);
    case 'xml':
      return toXml(columns, rows);
  }
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}
