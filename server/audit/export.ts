// Exports audit entries as CSV or JSON Lines, streamed page by page, and audits the export itself.
//
// Each row carries seq, prevHash and hash next to the content, so an auditor can recompute the
// chain from a JSONL export alone (docs/audit.md shows how). CSV is for reading in a spreadsheet:
// cells that a spreadsheet would run as a formula (=, +, -, @ ...) get a leading apostrophe, so a
// hostile user name in the details cannot execute there; JSONL is never altered. The CSV is the
// dialect Excel opens by double-click in Sweden (and the other locales whose decimal mark is a
// comma): ";" between cells and a UTF-8 byte-order mark, without which Excel reads "å" as "Ã¥".
import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { appendAudit, readAudit, type AuditFilter } from "../store/audit-log.js";
import type { Database } from "../store/database.js";
import { canonicalJson, isoMillis } from "./canonical.js";
import type { AuditEntry, JsonValue } from "./entry.js";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportRequest {
  format: ExportFormat;
  /** from inclusive, to exclusive; types limits to those event types. */
  filter: Pick<AuditFilter, "from" | "to" | "types">;
}

/** Excel's list separator in sv-SE and other comma-decimal locales. */
export const CSV_DELIMITER = ";";

const COLUMNS = ["seq", "at", "type", "actor", "subject", "details", "prevHash", "hash"] as const;

/** One entry as a JSONL line's object: also the form witness files hold (witness.ts). */
export function jsonlRow(entry: AuditEntry): Record<string, JsonValue> {
  return { seq: entry.seq, at: isoMillis(entry.at), type: entry.type, actor: entry.actor, subject: entry.subject, details: entry.details, prevHash: entry.prevHash, hash: entry.hash };
}

/**
 * What each format turns one entry into, and the stream that writes it. csv-stringify is loaded by
 * the first CSV export: the server imports this file at start (witness.ts) and would otherwise hold
 * it for as long as it runs (issue 13, idle memory).
 */
const FORMATS: Record<ExportFormat, { row(entry: AuditEntry): unknown; writer(): Promise<Transform> }> = {
  csv: {
    row: (entry) => [entry.seq, isoMillis(entry.at), entry.type, entry.actor ?? "", entry.subject ?? "", canonicalJson(entry.details), entry.prevHash, entry.hash],
    writer: async () => (await import("csv-stringify")).stringify({ header: true, columns: [...COLUMNS], escape_formulas: true, delimiter: CSV_DELIMITER, bom: true }),
  },
  jsonl: {
    row: jsonlRow,
    writer: async () =>
      new Transform({
        writableObjectMode: true,
        transform(row: Record<string, unknown>, _encoding, done) {
          done(null, `${JSON.stringify(row)}\n`);
        },
      }),
  },
};

/**
 * Writes the matching entries to `output` (left open: it may be stdout) and then appends
 * audit.exported. The export is audited even when it fails half-way, with the number of entries
 * that had gone out: a partial export is still a disclosure. `recordWith` lets the CLI record only
 * where it can write (a read-only copy is exported all the same).
 */
export async function exportAudit(
  db: Database,
  request: ExportRequest,
  output: Writable,
  actor: string,
  recordWith: (record: () => Promise<void>) => Promise<void> = (record) => record(),
): Promise<number> {
  const format = FORMATS[request.format];
  let entries = 0;
  async function* rows() {
    for await (const entry of readAudit(db, request.filter)) {
      entries++;
      yield format.row(entry);
    }
  }
  try {
    const writer = await format.writer();
    await pipeline(Readable.from(rows()), writer, output, { end: false });
  } finally {
    const details: Record<string, JsonValue> = { format: request.format, entries };
    if (request.filter.from) details.from = isoMillis(request.filter.from);
    if (request.filter.to) details.to = isoMillis(request.filter.to);
    if (request.filter.types && request.filter.types.length > 0) details.types = [...request.filter.types];
    await recordWith(async () => {
      await db.write((tx) => appendAudit(tx, { type: "audit.exported", actor, subject: null, details }));
    });
  }
  return entries;
}
