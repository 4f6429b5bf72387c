// The reader's signal after a badge at a reader-only kiosk: the server's badge:answered read into
// success / attention / failure, told to a stand-in indicator behind the same StatusIndicator interface.
import { describe, expect, test } from "vitest";
import { parseBadgeAnswer, readBadgeAnswer, type ReaderSignal } from "./reader-signal.js";
import type { StatusIndicator } from "./status-indicator.js";

/** A buzzer that remembers what it gave, as a reader with an LED or buzzer command would implement it. */
function fakeBuzzer(): StatusIndicator & { given: ReaderSignal[] } {
  const given: ReaderSignal[] = [];
  return { given, cardAnswered: () => undefined, cardDropped: () => undefined, releaseFinished: () => undefined, signal: (kind) => void given.push(kind) };
}

describe("parseBadgeAnswer", () => {
  test("reads the outcomes and counts the server sends", () => {
    expect(parseBadgeAnswer({ outcome: "printing", printing: 2, needPin: 1, sessionId: "s-1" })).toEqual({ outcome: "printing", printing: 2, needPin: 1, sessionId: "s-1" });
    expect(parseBadgeAnswer({ outcome: "card-unknown" })).toEqual({ outcome: "card-unknown" });
  });

  test("anything else is not understood: an unknown outcome, a negative count, no outcome", () => {
    for (const payload of [{ outcome: "released" }, { outcome: "printing", printing: -1 }, {}, null, "printing"]) expect(parseBadgeAnswer(payload), JSON.stringify(payload)).toBeUndefined();
  });

  test("keeps nothing but the outcome and counts, even if more were sent", () => {
    expect(parseBadgeAnswer({ outcome: "printing", printing: 1, title: "Lönebesked.pdf", displayName: "Anna" })).toEqual({ outcome: "printing", printing: 1 });
  });
});

describe("readBadgeAnswer", () => {
  test("each answer gives one signal on the reader and one log line", () => {
    const buzzer = fakeBuzzer();
    const answers = [
      { outcome: "printing", printing: 2, needPin: 1 },
      { outcome: "nothing-to-print" },
      { outcome: "pin-needed" },
      { outcome: "cannot-print-here" },
      { outcome: "card-unknown" },
      { outcome: "card-refused" },
    ] as const;
    const lines = answers.map((answer) => {
      const { signal, message } = readBadgeAnswer(answer);
      buzzer.signal!(signal);
      return message;
    });
    expect(buzzer.given).toEqual(["success", "attention", "attention", "failure", "failure", "failure"]);
    expect(lines[0]).toBe("badge answered: printing 2 (1 kept for a PIN) → success");
    expect(lines[4]).toBe("badge answered: card-unknown → failure");
  });
});
