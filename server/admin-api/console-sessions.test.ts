// Console sessions end after idling or at their maximum age, and on logout.
import { describe, expect, test } from "vitest";
import { CONSOLE_IDLE_MS, CONSOLE_MAX_AGE_MS, ConsoleSessions } from "./console-sessions.js";

const eva = { username: "eva", role: "admin" as const };

describe("console sessions", () => {
  test("a session is found by its id, restarts its idle clock, and ends after idling", () => {
    let now = 0;
    const sessions = new ConsoleSessions(() => now);
    const { id, session } = sessions.create(eva);
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(session.csrfToken).not.toBe(id);
    now += CONSOLE_IDLE_MS - 1;
    expect(sessions.use(id)?.actor).toEqual(eva);
    now += CONSOLE_IDLE_MS - 1;
    expect(sessions.use(id)).toBeDefined();
    now += CONSOLE_IDLE_MS + 1;
    expect(sessions.use(id)).toBeUndefined();
  });

  test("a session used all the time still ends at its maximum age", () => {
    let now = 0;
    const sessions = new ConsoleSessions(() => now);
    const { id } = sessions.create(eva);
    while (now < CONSOLE_MAX_AGE_MS - 60_000) {
      now += 60_000;
      expect(sessions.use(id)).toBeDefined();
    }
    now += 120_000;
    expect(sessions.use(id)).toBeUndefined();
  });

  test("logout ends it and unknown ids find nothing", () => {
    const sessions = new ConsoleSessions();
    const { id } = sessions.create(eva);
    sessions.end(id);
    expect(sessions.use(id)).toBeUndefined();
    expect(sessions.use("made-up")).toBeUndefined();
    expect(sessions.use(undefined)).toBeUndefined();
  });
});
