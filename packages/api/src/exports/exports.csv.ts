/** A value as one CSV cell: dates as ISO 8601, lists joined by "; ", objects as JSON, null empty. */
export type CsvValue = string | number | boolean | Date | null | undefined | readonly string[] | object;

// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection): such a
// cell gets a leading apostrophe, which spreadsheets show as text and never evaluate.
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV cell (RFC 4180 quoting), guarded against formula injection. */
export function csvCell(value: CsvValue): string {
  let text: string;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) text = value.toISOString();
  else if (Array.isArray(value)) text = value.join('; ');
  else if (typeof value === 'object') text = JSON.stringify(value);
  else text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV record, CRLF-terminated (RFC 4180). */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** A CSV column: its header and how to read it from an item. */
export interface CsvColumn<Item> {
  header: string;
  value: (item: Item) => CsvValue;
}

/**
 * The CSV text of a stream of batches: a UTF-8 byte order mark (so spreadsheets read accents
 * right) and the header line, then one chunk per batch. The next batch is read while the
 * current one is taken (at most two in memory), so the database and the client work side by
 * side. Counts rows into `progress`.
 */
export async function* csvChunks<Item>(
  columns: readonly CsvColumn<Item>[],
  batches: AsyncIterator<Item[]>,
  progress: { rows: number },
): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(columns.map((column) => column.header))}`;
  let next = batches.next();
  try {
    for (;;) {
      const batch = await next;
      if (batch.done) return;
      next = batches.next();
      let chunk = '';
      for (const item of batch.value) chunk += csvLine(columns.map((column) => column.value(item)));
      progress.rows += batch.value.length;
      yield chunk;
    }
  } finally {
    // Stopped early (the client went away): the read ahead is dropped and the batches closed.
    next.catch(() => undefined);
    await batches.return?.();
  }
}
