// Specification of the job state table: which moves it allows, which it refuses, and the IPP view of each state.
import { describe, expect, test } from "vitest";
import { assertMove, canMove, ippJobState, ippJobStateMessage, ippJobStateReasons, isTerminal, JOB_STATES, JobTransitionRefused, LIVE_STATES, TERMINAL_STATES, type JobState } from "./job-states.js";

/** Every move the design notes allow; any pair not listed here must be refused. */
const ALLOWED: ReadonlyArray<[JobState, JobState]> = [
  ["incoming", "held"], ["incoming", "cancelled"], ["incoming", "purged"], ["incoming", "refused"],
  ["held", "held"], ["held", "releasing"], ["held", "deleted"], ["held", "cancelled"], ["held", "purged"],
  ["releasing", "released"], ["releasing", "held"], ["releasing", "may-have-printed"],
  ["may-have-printed", "releasing"], ["may-have-printed", "deleted"], ["may-have-printed", "cancelled"], ["may-have-printed", "purged"],
];

describe("the transition table", () => {
  test("allows exactly the moves in the design notes", () => {
    const allowed = new Set(ALLOWED.map(([from, to]) => `${from}→${to}`));
    for (const from of JOB_STATES) {
      for (const to of JOB_STATES) expect(canMove(from, to), `${from}→${to}`).toBe(allowed.has(`${from}→${to}`));
    }
  });

  test.each([
    ["held", "released"],
    ["held", "may-have-printed"],
    ["may-have-printed", "held"],
    ["may-have-printed", "released"],
    ["releasing", "deleted"],
    ["releasing", "purged"],
    ["released", "held"],
    ["purged", "held"],
  ] as Array<[JobState, JobState]>)("refuses %s → %s with a named error", (from, to) => {
    expect(() => assertMove(from, to)).toThrow(JobTransitionRefused);
    expect(() => assertMove(from, to)).toThrow(`a job cannot move from ${from} to ${to}`);
  });

  test("refuses a list of sources when any one of them may not move", () => {
    expect(() => assertMove(["incoming", "held"], "cancelled")).not.toThrow();
    expect(() => assertMove(["held", "releasing"], "cancelled")).toThrow(JobTransitionRefused);
  });

  test("terminal states are those with no way out, and nothing live is terminal", () => {
    expect([...TERMINAL_STATES].sort()).toEqual(["cancelled", "deleted", "purged", "refused", "released"]);
    for (const state of LIVE_STATES) expect(isTerminal(state), state).toBe(false);
    expect([...LIVE_STATES, ...TERMINAL_STATES].sort()).toEqual([...JOB_STATES].sort());
  });
});

describe("the IPP view of each state", () => {
  test("maps every state to an RFC 8011 job-state, at least one reason and a message", () => {
    for (const state of JOB_STATES) {
      expect([3, 4, 5, 6, 7, 8, 9], state).toContain(ippJobState(state));
      expect(ippJobStateReasons(state).length, state).toBeGreaterThan(0);
      expect(ippJobStateMessage(state).length, state).toBeGreaterThan(0);
    }
  });

  test("a job that may have printed is pending-held to IPP clients, not completed", () => {
    expect(ippJobState("may-have-printed")).toBe(4);
    expect(ippJobState("released")).toBe(9);
    expect(ippJobState("releasing")).toBe(5);
  });

  test("callers cannot change the table through the reasons they are given", () => {
    ippJobStateReasons("held").push("mutated");
    expect(ippJobStateReasons("held")).toEqual(["job-hold-until-specified"]);
  });
});
