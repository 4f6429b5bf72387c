// The shape check matches the whole value and refuses bad patterns up front.
import { expect, test } from "vitest";
import { defaultShapeFor, parseShape } from "./shape.js";

test("a shape must match the whole value even without anchors", () => {
  const shape = parseShape("[0-9]{10}");
  expect(shape.test("0013961168")).toBe(true);
  expect(shape.test("00139611680")).toBe(false);
  expect(shape.test("x0013961168")).toBe(false);
});

test("alternatives are anchored as a whole", () => {
  const shape = parseShape("[0-9]{8}|[0-9]{10}");
  expect(shape.test("12345678")).toBe(true);
  expect(shape.test("123456789")).toBe(false);
  expect(shape.test("12345678xx")).toBe(false);
});

test("a read that lost a digit fails a length shape", () => {
  expect(parseShape("^[0-9]{10}$").test("001396168")).toBe(false);
});

test("the plain decimal default accepts 4 to 20 digits", () => {
  const shape = defaultShapeFor("text");
  expect(shape.source).toBe("^[0-9]{4,20}$");
  expect(shape.test("123")).toBe(false);
  expect(shape.test("1234")).toBe(true);
  expect(shape.test("12345678901234567890")).toBe(true);
  expect(shape.test("123456789012345678901")).toBe(false);
  expect(shape.test("12a4")).toBe(false);
});

test("an invalid regular expression is a bad-request naming the shape", () => {
  expect(() => parseShape("[0-9")).toThrow(/card shape "\[0-9" is not a valid regular expression/);
});

test("an empty shape is refused", () => {
  expect(() => parseShape(" ")).toThrow("empty");
});
