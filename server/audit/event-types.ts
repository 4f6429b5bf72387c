// The audit event types Printvakt records: who may cause each, what it is about, and which detail keys it carries.
//
// Detail keys are a closed list with one meaning each, so that an export reads the same across
// event types. Titles and card numbers appear only as keyed hashes (keys ending in "Hash", made
// with keyedHash()), an unknown card also with its last few characters ("Ending"); PINs, passwords
// and tokens never appear at all. checkAuditEvent() enforces the
// table, so a detail that is not listed here cannot reach the log by accident.
import { PrintvaktError } from "../../core/errors.js";
import type { DetailKey } from "./detail-keys.js";
import { DIRECTORY_EVENT_TYPES } from "./directory-event-types.js";
import { INCIDENT_EVENT_TYPES } from "./incident-event-types.js";
import type { AuditEvent } from "./entry.js";

export { DETAIL_KEYS, type DetailKey } from "./detail-keys.js";
export { keyedHash } from "./keyed-hash.js";

/** Kinds of actor: an actor string is "KIND:NAME", or "system", or null when nobody could be identified. */
export type ActorKind = "user" | "kiosk" | "admin" | "system";

export interface AuditEventSpec {
  description: string;
  /** Who may appear as actor; null allows an unidentified actor. "system" also covers the printvakt command line. */
  actors: readonly (ActorKind | null)[];
  /** Kinds of subject ("job" for "job:42"); null allows an event without a subject. */
  subjects: readonly (string | null)[];
  details: readonly DetailKey[];
}

export const AUDIT_EVENT_TYPES = {
  "job.submitted": {
    description: "A job arrived over IPP and is held, encrypted, in the spool.",
    actors: ["user"],
    subjects: ["job"],
    details: ["identifiedBy", "peer", "operation", "documentFormat", "sizeBytes", "pages", "copies", "titleHash"],
  },
  "job.duplicate": {
    description: "A Print-Job or Create-Job repeated one already recorded (a client that never saw the answer sent it again): it was answered with the first job (the subject) and no second job was made.",
    actors: ["user"],
    subjects: ["job"],
    details: ["identifiedBy", "peer", "operation", "matchedBy", "sizeBytes"],
  },
  "job.rejected": {
    description: "An IPP request was refused; the status says why. Wrong or refused HTTP Basic credentials have operation \"authentication\" and, when they named an account, that account as subject.",
    actors: ["user", null],
    subjects: ["job", "user", null],
    details: ["operation", "status", "errorCode", "peer", "claimedUser"],
  },
  "job.rejected-repeated": {
    description: "The same IPP refusal (peer, operation, status, actor, subject) came again within the window after its job.rejected entry; count says how often.",
    actors: ["user", null],
    subjects: ["user", null],
    details: ["operation", "status", "errorCode", "peer", "count", "windowSeconds"],
  },
  "job.cancelled": {
    description: "The owner cancelled a held job over IPP (Cancel-Job, Cancel-My-Jobs, Close-Job); its key and file are destroyed. identifiedBy says whether the owner proved it (http-basic) or was believed by name from the job's own address.",
    actors: ["user"],
    subjects: ["job"],
    details: ["peer", "operation", "identifiedBy"],
  },
  "job.document-refused": {
    description: "The document sent to a job made by Create-Job was refused (format, size, corrupt data): the job is aborted and its key destroyed, nothing is kept, and the client sees job-state aborted.",
    actors: ["user"],
    subjects: ["job"],
    details: ["peer", "operation", "identifiedBy", "errorCode", "reason"],
  },
  "job.deleted": {
    description: "A held job was deleted before release: by its owner at a kiosk (identifiedBy kiosk), or by an admin giving a reason.",
    actors: ["user", "admin"],
    subjects: ["job"],
    details: ["owner", "kiosk", "reason", "identifiedBy"],
  },
  "job.titles-read": {
    description: "Job titles were returned over IPP (Get-Jobs, Get-Job-Attributes) to their owner, proven with HTTP Basic over TLS; the subject is the job, or none for a listing. The same read within the window is counted in one job.titles-read-repeated.",
    actors: ["user"],
    subjects: ["job", null],
    details: ["identifiedBy", "peer", "operation", "titleCount"],
  },
  "job.titles-read-repeated": {
    description: "The same IPP read of titles (person, peer, operation, job) came again within the window after its job.titles-read entry; count says how often, titleCount how many titles those reads returned.",
    actors: ["user"],
    subjects: ["job", null],
    details: ["identifiedBy", "peer", "operation", "titleCount", "count", "windowSeconds"],
  },
  "job.released": {
    description: "A held job was sent to the kiosk's printer, then its key and file were destroyed.",
    actors: ["user"],
    subjects: ["job"],
    // convertedTo: the printer's language when the document was converted for it (issue 14).
    details: ["kiosk", "printer", "pages", "copies", "sizeBytes", "durationMs", "printerJobId", "finalState", "mode", "reprint", "convertedTo", "cardHash"],
  },
  "job.release-failed": {
    description: "Sending a job to the printer failed.",
    actors: ["user"],
    subjects: ["job"],
    details: ["kiosk", "printer", "errorCode", "printerStatus", "jobKept", "reason", "mode"],
  },
  "job.purged": {
    description: "A job was destroyed without release (hold time expired, quota, owner removed, admin purge).",
    actors: ["system", "admin"],
    subjects: ["job"],
    details: ["owner", "reason", "heldSeconds", "sizeBytes"],
  },
  "job.release-unknown": {
    description: "Whether a release printed is unknown (the server stopped while sending or following it, the connection dropped after document bytes left, the printer stopped answering): the job may have printed, and only its owner at a screen kiosk can print it again.",
    actors: ["system", "user"],
    subjects: ["job"],
    details: ["owner", "kiosk", "printer", "errorCode", "reason", "mode"],
  },
  "job.release-not-sent": {
    description: "The server stopped while a claimed job was still waiting for its printer (in the printer's queue, or retrying a busy or offline printer), before any document byte could leave: at the next start the job went back to held.",
    actors: ["system"],
    subjects: ["job"],
    details: ["owner", "printer", "reason"],
  },
  "job.release-interrupted": {
    description: "Recorded by versions before job.release-unknown: the server stopped while a job was being sent to a printer, and at the next start the job went back to held.",
    actors: ["system"],
    subjects: ["job"],
    details: ["owner"],
  },
  "job.title-revealed": {
    description: "A job's title was shown in clear to someone other than its owner.",
    actors: ["admin"],
    subjects: ["job"],
    details: ["owner", "reason"],
  },
  "kiosk.connected": {
    description: "A kiosk agent or screen connected with a valid token.",
    actors: ["kiosk"],
    subjects: [null],
    details: ["peer", "agentVersion", "printer"],
  },
  "kiosk.disconnected": {
    description: "A kiosk connection ended.",
    actors: ["kiosk"],
    subjects: [null],
    details: ["peer", "reason", "connectedSeconds"],
  },
  "kiosk.refused": {
    description: "A kiosk connection or action was refused: unknown or revoked token, disabled kiosk, rate limit, a screen presenting a card, a reader-only kiosk's screen acting on a session or linking a card (event names it).",
    actors: ["kiosk", null],
    subjects: [null],
    details: ["peer", "reason", "event"],
  },
  "kiosk.paired": {
    description: "A kiosk screen traded a one-time pairing code (issued by an admin) for its kiosk's token.",
    actors: ["kiosk"],
    subjects: [null],
    details: ["peer"],
  },
  "session.started": {
    description: "A user badged in at a kiosk and was shown their held jobs.",
    actors: ["user"],
    subjects: ["kiosk"],
    details: ["sessionId", "method", "heldJobs", "mode", "printer", "recentAdminChanges", "cardHash"],
  },
  "session.ended": {
    description: "A kiosk session ended (logout, timeout, disconnect).",
    actors: ["user"],
    subjects: ["kiosk"],
    details: ["sessionId", "reason", "released", "deleted", "durationSeconds"],
  },
  "card.unknown": {
    description: "A card that belongs to nobody was read at a kiosk: its keyed hash (repeated reads of one card match) and endings, never the number.",
    actors: ["kiosk"],
    subjects: [null],
    details: ["cardHash", "cardEnding", "rawEnding"],
  },
  "card.linked": {
    description: "A card was linked to a user, by an admin or by enrolment at a kiosk.",
    actors: ["admin", "user", "system"],
    subjects: ["user"],
    details: ["cardHash", "kiosk"],
  },
  "card.link-failed": {
    description: "Linking a card at a kiosk failed: the subject is the account the name matched (else claimedUserHash); reason wrong-password, wrong-code, unknown-account or rate-limited (once per burst).",
    actors: ["kiosk"],
    subjects: ["user", null],
    details: ["reason", "method", "cardHash", "claimedUserHash"],
  },
  "pin.failed": {
    description: "A wrong PIN was entered at a kiosk for a known card.",
    actors: ["kiosk"],
    subjects: ["user"],
    details: ["cardHash", "failures"],
  },
  "pin.locked": {
    description: "Too many wrong PINs: the user cannot log in at kiosks until the lock ends.",
    actors: ["system"],
    subjects: ["user"],
    details: ["kiosk", "failures", "lockedUntil"],
  },
  "admin.login": {
    description: "An admin or auditor logged in to the console or API.",
    actors: ["admin"],
    subjects: [null],
    details: ["role", "method", "peer"],
  },
  "admin.login-failed": {
    description: "A console or API login failed; the subject is the account when the name matched one (or the name the identity provider vouched for). OpenID Connect refusals have reasons starting oidc-.",
    actors: [null],
    subjects: ["admin", null],
    details: ["reason", "peer", "claimedUserHash"],
  },
  "admin.logout": {
    description: "An admin or auditor logged out of the console.",
    actors: ["admin"],
    subjects: [null],
    details: ["peer"],
  },
  "admin.changed": {
    description: "Configuration changed: a printer, kiosk, user (with its cards and PIN), admin account or setting.",
    actors: ["admin", "system"],
    subjects: ["printer", "kiosk", "user", "admin", "setting"],
    details: ["action", "fields", "cardHash", "reason", "uri", "printer", "mode", "nearby"],
  },
  "audit.read": {
    description: "Someone searched or viewed the audit log.",
    actors: ["admin"],
    subjects: [null],
    details: ["query", "results", "peer"],
  },
  "audit.exported": {
    description: "Audit entries were exported.",
    actors: ["admin", "system"],
    subjects: [null],
    details: ["from", "to", "types", "format", "entries", "peer"],
  },
  "audit.verified": {
    description: "The hash chain and checkpoints were verified; ok says whether they held.",
    actors: ["admin", "system"],
    subjects: [null],
    details: ["ok", "entries", "lastSeq", "checkpointsVerified", "firstBadSeq", "reason"],
  },
  "audit.checkpoint": {
    description: "A signed checkpoint of the log was taken: periodically by the server (system) or on demand (admin).",
    actors: ["system", "admin"],
    subjects: [null],
    details: ["seq", "hash", "keyId", "signature"],
  },
  "audit.pruned": {
    description: "Entries older than the retention time were removed; the log now starts after a signed checkpoint, authorised by a signed prune statement.",
    actors: ["system", "admin"],
    subjects: [null],
    details: ["throughSeq", "throughHash", "entries", "olderThan", "keyId", "signature"],
  },
  ...DIRECTORY_EVENT_TYPES,
  ...INCIDENT_EVENT_TYPES,
} as const satisfies Record<string, AuditEventSpec>;

export type AuditEventType = keyof typeof AUDIT_EVENT_TYPES;

export function isAuditEventType(type: string): type is AuditEventType {
  return Object.hasOwn(AUDIT_EVENT_TYPES, type);
}

/**
 * Throws a PrintvaktError ("internal": events are built by our own code) when the event's type is
 * unknown, its actor or subject is of a kind the table does not allow, or it carries a detail
 * key the table does not list for it. Call it before nextEntry().
 */
export function checkAuditEvent(event: AuditEvent): void {
  if (!isAuditEventType(event.type)) refuse(event.type, "is not a known audit event type");
  const spec: AuditEventSpec = AUDIT_EVENT_TYPES[event.type];
  const actorKind = kindOf(event.actor, true);
  if (actorKind === undefined || !spec.actors.includes(actorKind as ActorKind | null)) {
    refuse(event.type, `does not allow the actor kind ${String(actorKind)}`);
  }
  const subjectKind = kindOf(event.subject, false);
  if (subjectKind === undefined || !spec.subjects.includes(subjectKind)) {
    refuse(event.type, `does not allow the subject kind ${String(subjectKind)}`);
  }
  const allowed: readonly string[] = spec.details;
  for (const key of Object.keys(event.details)) {
    if (!allowed.includes(key)) refuse(event.type, `does not carry the detail "${key}"`);
  }
}

/** "job:42" → "job"; null → null; "system" → "system" for actors; undefined when malformed. */
function kindOf(value: string | null, isActor: boolean): string | null | undefined {
  if (value === null) return null;
  if (isActor && value === "system") return "system";
  const colon = value.indexOf(":");
  if (colon <= 0 || colon === value.length - 1) return undefined;
  const kind = value.slice(0, colon);
  return isActor && kind === "system" ? undefined : kind;
}

function refuse(type: string, problem: string): never {
  throw new PrintvaktError("internal", `audit event ${JSON.stringify(type)} ${problem}`);
}
