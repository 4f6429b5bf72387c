// What each kiosk credential and each kind of kiosk may do: pure predicates.
import { expect, test } from "vitest";
import { canActOnSessions, canIssueAgentCredential, canPresentCards } from "./kiosk-credentials.js";

test("only the card reader presents cards; only the CLI issues its credential", () => {
  expect([canPresentCards("agent"), canPresentCards("screen")]).toEqual([true, false]);
  expect([canIssueAgentCredential("cli"), canIssueAgentCredential("api")]).toEqual([true, false]);
});

test("a reader-only kiosk (release on badge) acts on no sessions and links no cards; a screen kiosk does", () => {
  expect(canActOnSessions({ releaseOnBadge: true })).toBe(false);
  expect(canActOnSessions({ releaseOnBadge: false })).toBe(true);
});
