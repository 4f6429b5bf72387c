// The audit log in the console: search and page (each search is itself audited as audit.read),
// export as CSV or JSON Lines (audited by exportAudit), and verify the chain (audited as
// audit.verified). Both roles may do all of it. Export and verify reuse server/audit/.
import { z } from "zod";
import { isoMillis } from "../../audit/canonical.js";
import { checkpointPublicKeys, recordVerification, verifyAuditLog } from "../../audit/audit-service.js";
import { fingerprintOf, keyIdOf, publicKeyPem } from "../../audit/public-key.js";
import type { JsonValue } from "../../audit/entry.js";
import { AUDIT_EVENT_TYPES, isAuditEventType } from "../../audit/event-types.js";
import { exportAudit, type ExportFormat } from "../../audit/export.js";
import { PrintvaktError } from "../../../core/errors.js";
import { canonicalUsername } from "../../identity/usernames.js";
import { canExportAudit, canReadAudit, canVerifyAudit } from "../../policy/admin.js";
import { appendAudit, auditPage, countAudit, type AuditFilter } from "../../store/audit-log.js";
import { shownEntries } from "../incident-entries.js";
import { adminActor, parseInput, type ApiRoute } from "../route.js";

// A time with an explicit zone: the browser sends toISOString(); a zone-less time would mean the server's local time.
const isoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, "use an ISO-8601 time with a zone")
  .transform((value) => new Date(value))
  .refine((value) => !Number.isNaN(value.getTime()), "not a valid time");
const types = z
  .string()
  .max(2000)
  .transform((value) => value.split(",").map((type) => type.trim()).filter(Boolean))
  .refine((list) => list.every(isAuditEventType), "unknown event type");
const filterQuery = z.object({
  person: z.string().max(128).optional(),
  printer: z.string().max(64).optional(),
  kiosk: z.string().max(64).optional(),
  /** One job's timeline: every entry about job:N. */
  job: z.coerce.number().int().positive().optional(),
  type: types.optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
});
const searchQuery = filterQuery.extend({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const exportQuery = filterQuery.pick({ type: true, from: true, to: true }).extend({ format: z.enum(["csv", "jsonl"]).default("csv") });

/** Parses a search's or an export's query once: its own fields, and the audit filter they share. */
function parseFilteredQuery<Query extends z.infer<typeof filterQuery>>(schema: z.ZodType<Query>, raw: unknown): { query: Query; filter: AuditFilter } {
  const query = parseInput(schema, raw);
  if (query.from && query.to && query.from.getTime() >= query.to.getTime()) throw new PrintvaktError("bad-request", "from must be before to");
  const person = query.person?.trim() ? canonicalUsername(query.person) : undefined;
  const printer = query.printer?.trim() || undefined;
  const kiosk = query.kiosk?.trim() || undefined;
  const subject = query.job === undefined ? undefined : `job:${query.job}`;
  return { query, filter: { from: query.from, to: query.to, types: query.type, person, printer, kiosk, subject } };
}

/** The filters as audit.read records them: what was asked, never what was found. */
function describeQuery(filter: AuditFilter, before: number | undefined): Record<string, JsonValue> {
  const query: Record<string, JsonValue> = {};
  if (filter.person) query.person = filter.person;
  if (filter.printer) query.printer = filter.printer;
  if (filter.kiosk) query.kiosk = filter.kiosk;
  if (filter.subject) query.subject = filter.subject;
  if (filter.types && filter.types.length > 0) query.types = [...filter.types];
  if (filter.from) query.from = isoMillis(filter.from);
  if (filter.to) query.to = isoMillis(filter.to);
  if (before !== undefined) query.before = before;
  return query;
}

/** The public half of the checkpoint signing key, as the verify route uses it. */
function signingPublicKeys(config: { auditKeyFile: string; auditPublicKeyFile?: string | undefined }) {
  return checkpointPublicKeys({ publicKeyFiles: [], keyFile: config.auditKeyFile, pinnedKeyFile: config.auditPublicKeyFile });
}

export const auditRoutes: ApiRoute[] = [
  {
    method: "GET",
    path: "/api/audit/public-key",
    allow: canReadAudit,
    // Public by nature; an auditor compares the fingerprint with the one given out of band, then pins the PEM.
    changes: false,
    handle: async ({ services }) => {
      const keys = await signingPublicKeys(services.context.config);
      return { source: keys.source, keys: keys.keys.map((key) => ({ fingerprint: fingerprintOf(key), keyId: keyIdOf(key), pem: publicKeyPem(key) })) };
    },
  },
  {
    method: "GET",
    path: "/api/audit/public-key.pem",
    allow: canReadAudit,
    changes: false,
    handle: async ({ services, response }) => {
      const keys = await signingPublicKeys(services.context.config);
      if (keys.keys.length === 0) throw new PrintvaktError("not-found", "no checkpoint has been signed yet, so there is no public key");
      response.status(200);
      response.setHeader("Content-Type", "application/x-pem-file");
      response.setHeader("Content-Disposition", 'attachment; filename="printvakt-audit-public-key.pem"');
      response.end(publicKeyPem(keys.keys[0]!));
      return undefined;
    },
  },
  {
    method: "GET",
    path: "/api/audit/event-types",
    allow: canReadAudit,
    changes: false,
    // The table of event types, not the log: nothing to audit.
    handle: async () => Object.entries(AUDIT_EVENT_TYPES).map(([type, spec]) => ({ type, description: spec.description })),
  },
  {
    method: "GET",
    path: "/api/audit",
    allow: canReadAudit,
    changes: false,
    handle: async ({ request, services, actor, peer }) => {
      const { query, filter } = parseFilteredQuery(searchQuery, request.query);
      const { db } = services.context;
      const [entries, total] = await Promise.all([auditPage(db, filter, { beforeSeq: query.before, limit: query.limit }), countAudit(db, filter)]);
      // The read is recorded before the answer leaves: no audit entry, no results.
      await db.write((tx) =>
        appendAudit(tx, { type: "audit.read", actor: adminActor(actor).label, subject: null, details: { query: describeQuery(filter, query.before), results: entries.length, peer } }),
      );
      return {
        total,
        // Cards by their ending ("…1168"), clear numbers of old entries masked: for both roles.
        entries: (await shownEntries(db, entries)).map((shown, index) => ({ ...shown, hash: entries[index]!.hash })),
        nextBefore: entries.length === query.limit ? entries[entries.length - 1]!.seq : null,
      };
    },
  },
  {
    method: "GET",
    path: "/api/audit/export",
    allow: canExportAudit,
    changes: false,
    handle: async ({ request, response, services, actor }) => {
      const { query, filter } = parseFilteredQuery(exportQuery, request.query);
      const format: ExportFormat = query.format;
      const stamp = new Date().toISOString().replace(/[:.]/g, "-");
      response.status(200);
      response.setHeader("Content-Type", format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8");
      response.setHeader("Content-Disposition", `attachment; filename="printvakt-audit-${stamp}.${format}"`);
      response.setHeader("Cache-Control", "no-store");
      try {
        await exportAudit(services.context.db, { format, filter: { from: filter.from, to: filter.to, types: filter.types } }, response, adminActor(actor).label);
        response.end();
      } catch (error) {
        // Headers are gone: cutting the connection is the only way to say the file is incomplete.
        services.logger.error({ err: String(error) }, "audit export failed");
        response.destroy();
      }
      return undefined;
    },
  },
  {
    method: "POST",
    path: "/api/audit/verify",
    allow: canVerifyAudit,
    // Recomputes the chain and records that it did: a read, open to auditors.
    changes: false,
    handle: async ({ services, actor }) => {
      const { db, config } = services.context;
      const keys = await signingPublicKeys(config);
      const result = await verifyAuditLog(db, keys.keys, { coverage: { now: new Date(), intervalMs: config.auditCheckpointIntervalMs } });
      await recordVerification(db, adminActor(actor).label, result);
      // Which key vouched, so the auditor can compare its fingerprint with the copy they pinned.
      const key = { keySource: keys.source, keyFingerprints: keys.keys.map((publicKey) => fingerprintOf(publicKey)) };
      return result.ok
        ? { ok: true, entries: result.entries, lastSeq: result.lastSeq, lastHash: result.lastHash, checkpointsVerified: result.checkpointsVerified, prunedThrough: result.startFrom?.seq ?? null, ...key }
        : { ok: false, firstBadSeq: result.firstBad.seq, reason: result.firstBad.reason, ...key };
    },
  },
];
