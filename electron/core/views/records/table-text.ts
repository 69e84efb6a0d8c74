/**
 * Spreadsheet text to rows, each with the line it starts on, so a refusal can name the line the
 * operator sees in their editor. CSV: RFC 4180 (quoted fields may hold commas, quotes and line
 * breaks), the separator read from the header (`,`, `;` as European spreadsheets write, or a tab),
 * a byte-order mark ignored. JSON: an array of objects.
 */

export interface TextRow {
  line: number;
  values: Record<string, unknown>;
}

export type TableText = { rows: TextRow[] } | { error: string };

export function csvRows(text: string): TableText {
  const body = text.replace(/^\uFEFF/, '');
  const firstLine = body.split(/\r?\n/, 1)[0] ?? '';
  const sep = [',', ';', '\t'].map((s) => [s, firstLine.split(s).length] as const).sort((a, b) => b[1] - a[1])[0]![0];
  const records: { line: number; fields: string[] }[] = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  const endRecord = () => {
    fields.push(field);
    if (touched || fields.length > 1 || field !== '') records.push({ line: start, fields });
    field = '';
    fields = [];
    touched = false;
  };
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') (quoted = true), (touched = true);
    else if (c === sep) fields.push(field), (field = ''), (touched = true);
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return { error: `line ${start}: a quoted field is not closed` };
  endRecord();
  const [header, ...rest] = records;
  if (!header) return { rows: [] };
  const names = header.fields.map((h) => h.trim().toLowerCase());
  return {
    rows: rest
      .filter((r) => r.fields.some((f) => f.trim() !== ''))
      .map((r) => ({ line: r.line, values: Object.fromEntries(names.map((n, i) => [n, r.fields[i] ?? ''])) })),
  };
}

export function jsonRows(text: string): TableText {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { error: `not JSON: ${(err as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { error: 'expected a JSON array of rows' };
  const lines = elementLines(text);
  return {
    rows: parsed.map((v, i) => ({
      line: lines[i] ?? i + 1,
      values: v && typeof v === 'object' && !Array.isArray(v) ? lowerKeys(v as Record<string, unknown>) : { __notObject: true },
    })),
  };
}

function lowerKeys(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k.toLowerCase(), v]));
}

/** The line each element of the top-level array starts on (the text is known to be valid JSON). */
function elementLines(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (/\s/.test(c)) continue;
    if (depth === 1 && expectElement && c !== ']') {
      out.push(line);
      expectElement = false;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') {
      depth++;
      if (depth === 1) expectElement = true;
    } else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 1) expectElement = true;
  }
  return out;
}
