// Specification of kiosk sessions' idle timeout, on a manual clock: exact boundaries, no sleeping.
import { describe, expect, test } from "vitest";
import { ManualClock } from "../../test/support/manual-clock.js";
import { KioskSessions, type EndReason, type KioskSession } from "./kiosk-sessions.js";

const IDLE_MS = 60_000;
const alice = { kioskId: 1, kioskName: "Lobby", userId: 7, username: "alice", displayName: "Alice", cardHash: "hash-of-1111111", pinPending: false };

function sessions(): { clock: ManualClock; ended: [string, EndReason][]; kiosk: KioskSessions } {
  const clock = new ManualClock();
  const ended: [string, EndReason][] = [];
  const kiosk = new KioskSessions(IDLE_MS, (session: KioskSession, reason) => void ended.push([session.username, reason]), clock);
  return { clock, ended, kiosk };
}

describe("kiosk session idle timeout", () => {
  test("a session nobody touches ends as idle exactly when the idle time has passed", () => {
    const { clock, ended, kiosk } = sessions();
    const session = kiosk.start(alice);
    expect(session.expiresAt).toBe(clock.now() + IDLE_MS);
    clock.advance(IDLE_MS - 1);
    expect(kiosk.current(1)).toBe(session);
    clock.advance(1);
    expect(kiosk.current(1)).toBeUndefined();
    expect(ended).toEqual([["alice", "idle"]]);
  });

  test("activity restarts the idle time from the moment of the activity", () => {
    const { clock, ended, kiosk } = sessions();
    const session = kiosk.start(alice);
    clock.advance(IDLE_MS - 1_000);
    kiosk.touch(session);
    clock.advance(IDLE_MS - 1);
    expect(ended).toEqual([]);
    clock.advance(1);
    expect(ended).toEqual([["alice", "idle"]]);
  });

  test("a session ended otherwise leaves no timer behind to end it a second time", () => {
    const { clock, ended, kiosk } = sessions();
    kiosk.start(alice);
    kiosk.end(1, "logout");
    expect(clock.pendingCount).toBe(0);
    clock.advance(IDLE_MS * 2);
    expect(ended).toEqual([["alice", "logout"]]);
  });

  test("a new session at the same kiosk replaces the old one, and only the new one's timer runs", () => {
    const { clock, ended, kiosk } = sessions();
    kiosk.start(alice);
    clock.advance(IDLE_MS / 2);
    kiosk.start({ ...alice, userId: 8, username: "bob" });
    clock.advance(IDLE_MS / 2);
    expect(ended).toEqual([["alice", "replaced"]]);
    clock.advance(IDLE_MS / 2);
    expect(ended).toEqual([["alice", "replaced"], ["bob", "idle"]]);
  });
});

describe("a session ended by its person", () => {
  test("endRecorded resolves only once the end's record is written", async () => {
    const clock = new ManualClock();
    let written!: () => void;
    const record = new Promise<void>((resolve) => (written = resolve));
    const kiosk = new KioskSessions(IDLE_MS, () => record, clock);
    kiosk.start(alice);
    let acknowledged = false;
    const ending = kiosk.endRecorded(1, "logout").then(() => (acknowledged = true));
    expect(kiosk.current(1), "the session is over at once").toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(acknowledged, "not before the record is written").toBe(false);
    written();
    await ending;
    expect(acknowledged).toBe(true);
  });
});
