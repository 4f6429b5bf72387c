// Audit event types of the console's incident view (searching titles, exporting evidence), kept apart so event-types.ts stays small.

export const INCIDENT_DETAIL_KEYS = {
  checkpointSeq: "seq of the signed checkpoint an evidence export reaches up to",
} as const;

/** Merged into AUDIT_EVENT_TYPES; same shape as the entries there. */
export const INCIDENT_EVENT_TYPES = {
  "audit.title-searched": {
    description: "Someone searched jobs by document title, giving a reason: only the keyed hash of the searched text is kept (titleHash), never the text; results says how many jobs matched.",
    actors: ["admin"],
    subjects: [null],
    details: ["titleHash", "reason", "results", "peer"],
  },
  "audit.evidence-exported": {
    description: "One job's or one person's entries (the subject) were exported as signed evidence up to the checkpoint at checkpointSeq.",
    actors: ["admin"],
    subjects: ["job", "user"],
    details: ["entries", "checkpointSeq", "peer"],
  },
} as const;
