// Specification of the debounce window.
import { expect, test } from "vitest";
import { Debouncer } from "./debounce.js";

const at = (ms: number) => new Date(Date.UTC(2026, 10, 22, 10) + ms);

test("the same card within the window is a repeat", () => {
  const debouncer = new Debouncer(1500);
  expect(debouncer.isRepeat("A", at(0))).toBe(false);
  expect(debouncer.isRepeat("A", at(1499))).toBe(true);
});

test("the same card after the window counts again", () => {
  const debouncer = new Debouncer(1500);
  debouncer.isRepeat("A", at(0));
  expect(debouncer.isRepeat("A", at(1500))).toBe(false);
});

test("a card resting on the reader stays one read: each repeat restarts the window", () => {
  const debouncer = new Debouncer(1500);
  const repeats = [0, 1000, 2000, 3000, 4000].map((ms) => debouncer.isRepeat("A", at(ms)));
  expect(repeats).toEqual([false, true, true, true, true]);
});

test("a different card in between makes the first count again", () => {
  const debouncer = new Debouncer(1500);
  debouncer.isRepeat("A", at(0));
  expect(debouncer.isRepeat("B", at(100))).toBe(false);
  expect(debouncer.isRepeat("A", at(200))).toBe(false);
});

test("a window of 0 turns debouncing off", () => {
  const debouncer = new Debouncer(0);
  debouncer.isRepeat("A", at(0));
  expect(debouncer.isRepeat("A", at(0))).toBe(false);
});

test("the default window is 1.5 s", () => {
  const debouncer = new Debouncer();
  debouncer.isRepeat("A", at(0));
  expect(debouncer.isRepeat("A", at(1400))).toBe(true);
  expect(debouncer.isRepeat("A", at(3000))).toBe(false);
});

test("a negative window is refused", () => {
  expect(() => new Debouncer(-1)).toThrow(RangeError);
});
