// The answer to a badge at a reader-only kiosk: one outcome from what the release found, and one
// signal per outcome for a reader's buzzer or light.
import { describe, expect, test } from "vitest";
import { BADGE_OUTCOMES, badgeAnswer, signalFor } from "./badge-answer.js";

const none = { accountPin: false, printing: 0, needPin: 0, refused: 0 };

describe("badgeAnswer", () => {
  test("an account PIN releases nothing at a reader, whatever is held", () => {
    expect(badgeAnswer({ ...none, accountPin: true, printing: 3 })).toEqual({ outcome: "pin-needed" });
  });

  test("documents going to the printer: printing N, and how many wait for their own PIN", () => {
    expect(badgeAnswer({ ...none, printing: 2, needPin: 1, refused: 1 })).toEqual({ outcome: "printing", printing: 2, needPin: 1 });
  });

  test("only PIN documents: PIN needed, with their count", () => {
    expect(badgeAnswer({ ...none, needPin: 2 })).toEqual({ outcome: "pin-needed", needPin: 2 });
  });

  test("only documents this printer refuses: cannot print here; none at all: nothing to print", () => {
    expect(badgeAnswer({ ...none, refused: 1 })).toEqual({ outcome: "cannot-print-here" });
    expect(badgeAnswer(none)).toEqual({ outcome: "nothing-to-print" });
  });
});

test("success only while something prints; a refused or unknown card is a failure; the rest asks for attention", () => {
  expect(Object.fromEntries(BADGE_OUTCOMES.map((outcome) => [outcome, signalFor(outcome)]))).toEqual({
    printing: "success",
    "nothing-to-print": "attention",
    "pin-needed": "attention",
    "cannot-print-here": "failure",
    "card-unknown": "failure",
    "card-refused": "failure",
  });
});
