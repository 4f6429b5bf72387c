// Specification of the stdin reader: one card per line, CR trimmed, junk dropped and counted.
import { PassThrough } from "node:stream";
import { afterEach, expect, test, vi } from "vitest";
import type { CardRead, MalformedRead, ReaderState } from "./card-reader.js";
import { StdinCardReader } from "./stdin-reader.js";

afterEach(() => {
  vi.useRealTimers();
});

async function startedReader(options: { debounceMs?: number; maxLength?: number } = {}) {
  const input = new PassThrough();
  const reader = new StdinCardReader({ input, debounceMs: 0, ...options });
  const reads: string[] = [];
  const malformed: string[] = [];
  const states: ReaderState[] = [];
  reader.on("read", (read: CardRead) => reads.push(read.raw));
  reader.on("malformed", (read: MalformedRead) => malformed.push(read.reason));
  reader.on("state", (state) => states.push(state));
  await reader.start();
  return { input, reader, reads, malformed, states };
}

/** PassThrough delivers on the next tick. */
const flush = () => new Promise((resolve) => setImmediate(resolve));

test("one card per line, CR removed", async () => {
  const { input, reads, reader } = await startedReader();
  input.write("0013961168\r\n1C78F2BF\n");
  await flush();
  expect(reads).toEqual(["0013961168", "1C78F2BF"]);
  expect(reader.counters).toEqual({ reads: 2, malformed: 0, duplicates: 0 });
});

test("a line split across chunks is one read", async () => {
  const { input, reads } = await startedReader();
  input.write("00139");
  await flush();
  expect(reads).toEqual([]);
  input.write("61168\n");
  await flush();
  expect(reads).toEqual(["0013961168"]);
});

test("a UTF-8 character split across chunks survives", async () => {
  const { input, reads } = await startedReader();
  const bytes = Buffer.from("kö12\n");
  input.write(bytes.subarray(0, 2));
  input.write(bytes.subarray(2));
  await flush();
  expect(reads).toEqual(["kö12"]);
});

test("blank lines are not reads", async () => {
  const { input, reads, reader } = await startedReader();
  input.write("\n \r\n\n");
  await flush();
  expect(reads).toEqual([]);
  expect(reader.counters).toEqual({ reads: 0, malformed: 0, duplicates: 0 });
});

test("other whitespace is left for the pipeline's trim step", async () => {
  const { input, reads } = await startedReader();
  input.write(" 123 \n");
  await flush();
  expect(reads).toEqual([" 123 "]);
});

test("an overlong line is dropped and counted, and the next line still reads", async () => {
  const { input, reads, malformed, reader } = await startedReader({ maxLength: 10 });
  input.write("1".repeat(8));
  input.write("1".repeat(8));
  input.write("1".repeat(8) + "\n42424242\n");
  await flush();
  expect(reads).toEqual(["42424242"]);
  expect(malformed).toEqual(["line longer than 10 characters"]);
  expect(reader.counters.malformed).toBe(1);
});

test("text without a newline at the end of input is dropped and counted, and the reader closes", async () => {
  const { input, reads, reader, states } = await startedReader();
  input.end("12345\n6789");
  await flush();
  expect(reads).toEqual(["12345"]);
  expect(reader.counters.malformed).toBe(1);
  expect(reader.state).toBe("closed");
  expect(states).toEqual(["open", "closed"]);
});

test("the same card twice within the debounce window counts once", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-22T10:00:00Z"));
  const { input, reads, reader } = await startedReader({ debounceMs: 1500 });
  input.write("0013961168\n");
  await flush();
  vi.setSystemTime(new Date("2026-11-22T10:00:01Z"));
  input.write("0013961168\n");
  await flush();
  expect(reads).toEqual(["0013961168"]);
  expect(reader.counters).toEqual({ reads: 1, malformed: 0, duplicates: 1 });
});

test("after stop, lines are not read", async () => {
  const { input, reads, reader } = await startedReader();
  await reader.stop();
  input.write("12345\n");
  await flush();
  expect(reads).toEqual([]);
  expect(reader.state).toBe("closed");
});
