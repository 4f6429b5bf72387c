// The shapes of the audit log: what a caller records, what the chain hashes, what the store keeps.

/** A JSON value as the audit accepts it. Numbers must be safe integers (see canonical.ts). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** What code that records an event hands over; the chain adds seq, prevHash and hash. */
export interface AuditEvent {
  at: Date;
  /** One of the names in event-types.ts, e.g. "job.submitted". */
  type: string;
  /** "user:alice", "kiosk:lobby", "admin:eva", "system", or null when nobody could be identified. */
  actor: string | null;
  /** What the event is about, e.g. "job:42", or null. */
  subject: string | null;
  details: Record<string, JsonValue>;
}

/** Everything the hash commits to: the event plus its place in the log. */
export interface AuditContent extends AuditEvent {
  seq: number;
}

/** One stored row of the log. */
export interface AuditEntry extends AuditContent {
  /** Lowercase hex SHA-256 of the previous entry, or GENESIS_HASH for seq 1. */
  prevHash: string;
  /** Lowercase hex SHA-256 over the domain prefix, prevHash and the canonical content. */
  hash: string;
}
