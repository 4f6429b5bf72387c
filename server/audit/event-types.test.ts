// Specification of the audit event table and of the keyed hash for personal values.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import type { AuditEvent } from "./entry.js";
import { AUDIT_EVENT_TYPES, DETAIL_KEYS, checkAuditEvent, isAuditEventType, keyedHash } from "./event-types.js";

const required = [
  "job.submitted", "job.document-refused", "job.rejected", "job.rejected-repeated", "job.cancelled", "job.deleted", "job.released", "job.release-failed", "job.purged",
  "kiosk.connected", "kiosk.disconnected", "kiosk.refused", "session.started", "session.ended", "card.unknown",
  "card.linked", "pin.failed", "pin.locked", "admin.login", "admin.login-failed", "admin.changed", "audit.read",
  "audit.exported", "audit.verified", "audit.checkpoint", "audit.pruned", "job.title-revealed",
];

const secret = "0123456789abcdef-test-secret";

function event(overrides: Partial<AuditEvent>): AuditEvent {
  return { at: new Date(), type: "job.released", actor: "user:alice", subject: "job:42", details: {}, ...overrides };
}

describe("the event table", () => {
  test("lists every event type Printvakt records, each described and with known detail keys", () => {
    for (const type of required) expect(isAuditEventType(type), type).toBe(true);
    for (const [type, spec] of Object.entries(AUDIT_EVENT_TYPES)) {
      expect(spec.description.length, type).toBeGreaterThan(10);
      expect(spec.actors.length, type).toBeGreaterThan(0);
      for (const key of spec.details) expect(Object.hasOwn(DETAIL_KEYS, key), `${type}.${key}`).toBe(true);
    }
  });

  test("no detail key can carry a title, PIN, password or token in clear", () => {
    for (const key of Object.keys(DETAIL_KEYS)) {
      expect(key).not.toMatch(/pin$|password|token|secret/i);
      // A title appears only as a keyed hash, or as how many titles an answer returned.
      if (/title/i.test(key)) expect(key).toMatch(/Hash$|Count$/);
    }
  });

  test("a card number never appears in clear: its keyed hash, and for an unknown card only its endings", () => {
    const endingKeys = ["cardEnding", "rawEnding"];
    for (const key of Object.keys(DETAIL_KEYS)) {
      if (/card|raw/i.test(key) && !endingKeys.includes(key)) expect(key).toMatch(/Hash$/);
    }
    for (const [type, spec] of Object.entries(AUDIT_EVENT_TYPES)) {
      const carried = (spec.details as readonly string[]).filter((key) => endingKeys.includes(key));
      expect(carried, type).toEqual(type === "card.unknown" ? endingKeys : []);
    }
  });

  test("names follow object.verb, which keeps exports sortable by subject", () => {
    for (const type of Object.keys(AUDIT_EVENT_TYPES)) expect(type).toMatch(/^[a-z]+\.[a-z-]+$/);
  });
});

describe("checkAuditEvent", () => {
  test("accepts an event that fits the table", () => {
    expect(() => checkAuditEvent(event({ details: { kiosk: "lobby", printer: "Plan 2", pages: 3 } }))).not.toThrow();
    expect(() => checkAuditEvent(event({ type: "job.purged", actor: "system", details: { reason: "hold-time-expired" } }))).not.toThrow();
    expect(() => checkAuditEvent(event({ type: "job.rejected", actor: null, subject: null, details: { status: "client-error-not-authorized", peer: "10.0.0.7" } }))).not.toThrow();
  });

  test("refuses a detail the table does not list for that type, such as a title in clear", () => {
    expect(() => checkAuditEvent(event({ type: "job.submitted", details: { title: "Utredning Åsa" } }))).toThrow(/does not carry the detail "title"/);
    expect(() => checkAuditEvent(event({ type: "pin.failed", actor: "kiosk:lobby", subject: "user:alice", details: { cardNumber: "0012345678" } }))).toThrow(PrintvaktError);
  });

  test("refuses unknown types and actors or subjects of the wrong kind", () => {
    expect(() => checkAuditEvent(event({ type: "job.teleported" }))).toThrow(/not a known audit event type/);
    expect(() => checkAuditEvent(event({ actor: "kiosk:lobby" }))).toThrow(/actor kind kiosk/);
    expect(() => checkAuditEvent(event({ actor: null }))).toThrow(/actor kind null/);
    expect(() => checkAuditEvent(event({ actor: "user:" }))).toThrow(/actor kind undefined/);
    expect(() => checkAuditEvent(event({ subject: "printer:plan2" }))).toThrow(/subject kind printer/);
    expect(() => checkAuditEvent(event({ subject: null }))).toThrow(/subject kind null/);
  });
});

describe("keyedHash", () => {
  test("links equal values without revealing them", () => {
    const hash = keyedHash(secret, "0012345678");
    expect(hash).toMatch(/^[0-9a-f]{32}$/);
    expect(keyedHash(secret, "0012345678")).toBe(hash);
    expect(keyedHash(secret, "0012345679")).not.toBe(hash);
    expect(hash).not.toContain("12345678");
  });

  test("depends on the secret, so the card number space cannot be searched without it", () => {
    expect(keyedHash("another-secret-of-16+bytes", "0012345678")).not.toBe(keyedHash(secret, "0012345678"));
    expect(keyedHash(Buffer.from(secret), "x")).toBe(keyedHash(secret, "x"));
  });

  test("is HMAC-SHA256 truncated to 128 bits, so it can be recomputed elsewhere", () => {
    // Computed outside this code: hmac.new(b"Jefe-Jefe-Jefe-Jefe", b"what do ya want for nothing?", "sha256").hexdigest()[:32]
    expect(keyedHash("Jefe-Jefe-Jefe-Jefe", "what do ya want for nothing?")).toBe("3d130ab485fcadc54cf6d4101d0bd5ea");
  });

  test("links a title typed as NFD on one system and NFC on another", () => {
    expect(keyedHash(secret, "Åsa".normalize("NFD"))).toBe(keyedHash(secret, "Åsa".normalize("NFC")));
  });

  test("refuses a secret shorter than 16 bytes", () => {
    expect(() => keyedHash("short", "x")).toThrow(PrintvaktError);
  });
});
