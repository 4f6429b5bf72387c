// The server-wide cap on conversions running at once.
import { PassThrough, Readable } from "node:stream";
import { expect, test } from "vitest";
import { ConversionSlots } from "./conversion-slots.js";

const text = async (stream: Readable) => {
  let out = "";
  for await (const chunk of stream) out += String(chunk);
  return out;
};

test("with one slot the second conversion starts only when the first has finished", async () => {
  const slots = new ConversionSlots(1);
  const started: string[] = [];
  const first = new PassThrough();
  const a = slots.run(() => (started.push("a"), first));
  const b = slots.run(() => (started.push("b"), Readable.from(["second"])));
  await new Promise((resolve) => setImmediate(resolve));
  expect(started).toEqual(["a"]);
  first.end("first");
  expect(await text(a)).toBe("first");
  expect(await text(b)).toBe("second");
  expect(started).toEqual(["a", "b"]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(slots.running).toBe(0);
});

test("a waiting conversion that is abandoned never starts, and a failed one gives its slot back", async () => {
  const slots = new ConversionSlots(1);
  const started: string[] = [];
  const blocker = new PassThrough();
  const a = slots.run(() => (started.push("a"), blocker));
  const b = slots.run(() => (started.push("b"), Readable.from(["never"])));
  b.destroy();
  blocker.destroy(new Error("converter failed"));
  await expect(text(a)).rejects.toThrow("converter failed");
  const c = slots.run(() => (started.push("c"), Readable.from(["third"])));
  expect(await text(c)).toBe("third");
  expect(started).toEqual(["a", "c"]);
});
