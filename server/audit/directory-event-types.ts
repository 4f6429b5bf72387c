// Audit event types of the directory (LDAP / Active Directory) sync, kept apart so event-types.ts stays small.
//
// Counts only: the directory's own values (names, card numbers, e-mail) never enter these details;
// who was concerned is the entry's subject, and cards appear only as keyed hashes.

export const DIRECTORY_DETAIL_KEYS = {
  source: 'where a person or console account is managed: "directory" or "hand"',
  added: "people added by a directory sync",
  updated: "people whose directory-managed fields changed in a sync",
  disabled: "people disabled or dropped by the directory in a sync (their cards stop at once)",
  enabled: "people enabled again by the directory in a sync",
  linked: "cards linked by a directory sync",
  unlinked: "cards unlinked by a directory sync",
  rolesChanged: "console accounts added, changed or removed from directory groups in a sync",
  skipped: "directory entries or values a sync left out (unreadable card, name taken by a hand-managed person, ...)",
  managed: "people the directory manages before the sync",
  wouldDisable: "people a stopped sync would have disabled or dropped",
  threshold: "the largest share of managed people a sync may disable or drop, as a percentage such as \"10%\"",
  server: "the directory URL (never a password)",
} as const;

/** Merged into AUDIT_EVENT_TYPES; same shape as the entries there. */
export const DIRECTORY_EVENT_TYPES = {
  "directory.synced": {
    description: "A directory sync finished and applied its changes; the counts say how many of each.",
    actors: ["system", "admin"],
    subjects: [null],
    details: ["added", "updated", "disabled", "enabled", "linked", "unlinked", "rolesChanged", "skipped", "durationMs", "server"],
  },
  "directory.sync-failed": {
    description: "A directory sync failed (bind refused, server unreachable, bad certificate, search error) and changed nothing.",
    actors: ["system", "admin"],
    subjects: [null],
    details: ["reason", "errorCode", "server"],
  },
  "directory.sync-stopped": {
    description: "A directory sync would have disabled or dropped more people than the threshold allows, so it stopped and changed nothing.",
    actors: ["system", "admin"],
    subjects: [null],
    details: ["managed", "wouldDisable", "threshold", "server"],
  },
  "user.added": {
    description: "A person was added; source says whether by the directory sync or by hand.",
    actors: ["system", "admin"],
    subjects: ["user"],
    details: ["source", "fields"],
  },
  "user.updated": {
    description: "Directory-managed fields of a person changed (names only in fields, never values); a rename keeps jobs and cards.",
    actors: ["system", "admin"],
    subjects: ["user"],
    details: ["source", "fields"],
  },
  "user.disabled": {
    description: "The directory disabled or dropped a person: their cards are refused from now on and their held jobs destroyed after the grace period.",
    actors: ["system", "admin"],
    subjects: ["user"],
    details: ["source", "reason"],
  },
  "user.enabled": {
    description: "The directory enabled a person again: their cards work again.",
    actors: ["system", "admin"],
    subjects: ["user"],
    details: ["source"],
  },
  "card.refused": {
    description: "A card of a disabled or removed person was read at a kiosk and refused.",
    actors: ["kiosk"],
    subjects: ["user"],
    details: ["cardHash", "reason"],
  },
  "admin.role-synced": {
    description: "A console account was added, changed or removed because of directory group membership.",
    actors: ["system", "admin"],
    subjects: ["admin"],
    details: ["action", "role", "source"],
  },
} as const;
