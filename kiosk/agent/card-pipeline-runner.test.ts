// Specification of the runner: reader → pipeline → shape → canonical card → sink, failing closed.
import { afterEach, describe, expect, test, vi } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { parsePipeline } from "../../drivers/card-readers/card-format/pipeline.js";
import { parseShape } from "../../drivers/card-readers/card-format/shape.js";
import { CardReaderBase } from "../../drivers/card-readers/card-reader-base.js";
import { FakeHidDeviceSource } from "../../test/support/card-readers/fake-hid-source.js";
import { HidKeyboardReader } from "../../drivers/card-readers/hid-keyboard-reader.js";
import { em4100DecimalWithEnter, lostReleaseBetweenEqualDigits, reportBytes } from "../../test/support/card-readers/keyboard-reports.js";
import type { CardSink, PresentedCard } from "./card-sink.js";
import { CardPipelineRunner, serverUnreachableMessage, type ReadOutcome, type RunnerLogger } from "./card-pipeline-runner.js";

class ScriptedReader extends CardReaderBase {
  async start(): Promise<void> {
    this.setState("open");
  }

  async stop(): Promise<void> {
    this.setState("closed");
  }

  type(raw: string): void {
    this.publishRead(raw, new Date());
  }

  fail(message: string): void {
    this.publishError(new PrintvaktError("unavailable", message));
  }
}

class RecordingSink implements CardSink {
  connected = true;
  readonly presented: PresentedCard[] = [];
  present = vi.fn(async (card: PresentedCard) => {
    this.presented.push(card);
  });
}

interface LogLine {
  level: "info" | "warn";
  details: object;
  message: string;
}

function recordingLogger(): RunnerLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (details, message) => lines.push({ level: "info", details, message }),
    warn: (details, message) => lines.push({ level: "warn", details, message }),
  };
}

function setup(options: { pipeline?: string; shape?: string; staleAfterMs?: number } = {}) {
  const reader = new ScriptedReader({ debounceMs: 0 });
  const sink = new RecordingSink();
  const logger = recordingLogger();
  const outcomes: ReadOutcome[] = [];
  const pipeline = parsePipeline(options.pipeline ?? "");
  const runner = new CardPipelineRunner({
    reader,
    pipeline,
    shape: options.shape === undefined ? undefined : parseShape(options.shape),
    sink,
    logger,
    staleAfterMs: options.staleAfterMs,
    onOutcome: (outcome) => outcomes.push(outcome),
  });
  return { reader, sink, logger, outcomes, runner };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("a good read", () => {
  test("is converted, canonicalised and presented with its raw form", async () => {
    const { reader, sink, runner } = setup({ pipeline: "reverse-bytes|hex2dec" });
    await runner.start();
    reader.type("1c78f2bf");
    await runner.idle();
    expect(sink.presented).toEqual([{ card: "3220338716", raw: "1c78f2bf" }]);
    expect(runner.counters.presented).toBe(1);
  });

  test("leading zeros are checked by the shape, then removed for the canonical card", async () => {
    const { reader, sink, runner } = setup({ shape: "[0-9]{10}" });
    await runner.start();
    reader.type("0013961168");
    await runner.idle();
    expect(sink.presented).toEqual([{ card: "13961168", raw: "0013961168" }]);
  });
});

describe("malformed reads are dropped and counted", () => {
  test("a step that cannot apply drops the read with the step's reason", async () => {
    const { reader, sink, runner, outcomes, logger } = setup({ pipeline: "hex2dec" });
    await runner.start();
    reader.type("12G4");
    await runner.idle();
    expect(sink.present).not.toHaveBeenCalled();
    expect(outcomes).toEqual([expect.objectContaining({ kind: "dropped", reason: "malformed", raw: "12G4" })]);
    expect(logger.lines).toContainEqual({ level: "warn", details: { reason: "malformed" }, message: 'card read dropped: card format step 1 "hex2dec" rejected the read: the read is not hexadecimal' });
    expect(runner.counters.dropped.malformed).toBe(1);
  });

  test("a read that does not match the shape is dropped", async () => {
    const { reader, sink, runner } = setup();
    await runner.start();
    reader.type("12a4");
    await runner.idle();
    expect(sink.present).not.toHaveBeenCalled();
    expect(runner.counters.dropped.shape).toBe(1);
  });

  test("a lost release report turns 0013961168 into 001396168, which the 10-digit EM4100 step drops", async () => {
    vi.useFakeTimers();
    const source = new FakeHidDeviceSource([{ path: "/dev/hidraw1", vendorId: 0xffff, productId: 0x0035, interface: 0, usagePage: 1, usage: 6 }]);
    const reader = new HidKeyboardReader({ source, debounceMs: 0 });
    const sink = new RecordingSink();
    const outcomes: ReadOutcome[] = [];
    const runner = new CardPipelineRunner({ reader, pipeline: parsePipeline("em4100:10"), sink, logger: recordingLogger(), onOutcome: (outcome) => outcomes.push(outcome) });
    await runner.start();
    for (const sequence of [lostReleaseBetweenEqualDigits, em4100DecimalWithEnter]) {
      for (const line of sequence.reports) source.current?.send(reportBytes(line));
    }
    await runner.idle();
    expect(outcomes.map((outcome) => [outcome.kind, outcome.raw])).toEqual([
      ["dropped", "001396168"],
      ["presented", "0013961168"],
    ]);
    expect(sink.presented.map((card) => card.card)).toEqual(["13961168"]);
    expect(runner.counters.dropped.malformed).toBe(1);
    await runner.stop();
  });

  test("the same lost digit with the plain pipeline is caught by a length shape", async () => {
    const { reader, sink, runner } = setup({ shape: "^[0-9]{10}$" });
    await runner.start();
    reader.type("001396168");
    await runner.idle();
    expect(sink.present).not.toHaveBeenCalled();
    expect(runner.counters.dropped.shape).toBe(1);
  });
});

describe("fail closed", () => {
  test("a disconnected sink drops the read, logs it, and nothing is sent after reconnecting", async () => {
    const { reader, sink, runner, logger } = setup();
    await runner.start();
    sink.connected = false;
    reader.type("0013961168");
    await runner.idle();
    expect(sink.present).not.toHaveBeenCalled();
    expect(logger.lines).toContainEqual({ level: "warn", details: { reason: "server-unreachable" }, message: serverUnreachableMessage });
    expect(serverUnreachableMessage).toBe("server unreachable, card dropped");

    sink.connected = true;
    reader.type("0099999999");
    await runner.idle();
    expect(sink.presented.map((card) => card.raw)).toEqual(["0099999999"]);
    expect(runner.counters.dropped["server-unreachable"]).toBe(1);
  });

  test.each([
    ["unavailable", "server-unreachable"],
    ["timeout", "server-unreachable"],
    ["internal", "sink-failed"],
  ] as const)("a sink that fails with %s counts as %s", async (code, reason) => {
    const { reader, sink, runner, outcomes } = setup();
    sink.present.mockRejectedValueOnce(new PrintvaktError(code, "no acknowledgement"));
    await runner.start();
    reader.type("0013961168");
    await runner.idle();
    expect(outcomes).toEqual([expect.objectContaining({ kind: "dropped", reason })]);
  });

  test("reads are presented one at a time in order, and one that waited too long behind a slow sink is dropped", async () => {
    vi.useFakeTimers();
    const { reader, sink, runner, outcomes } = setup({ staleAfterMs: 5000 });
    let release = () => {};
    sink.present.mockImplementationOnce(async (card) => {
      sink.presented.push(card);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await runner.start();
    reader.type("1111111111");
    await vi.advanceTimersByTimeAsync(1000);
    reader.type("2222222222");
    await vi.advanceTimersByTimeAsync(1000);
    expect(sink.present).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(4500);
    release();
    await runner.idle();
    expect(outcomes.map((outcome) => (outcome.kind === "dropped" ? outcome.reason : outcome.kind))).toEqual(["presented", "stale"]);
    expect(sink.present).toHaveBeenCalledTimes(1);
  });
});

describe("logging", () => {
  test("no log line carries a card number or a raw read", async () => {
    const { reader, sink, runner, logger } = setup({ pipeline: "em4100:10" });
    await runner.start();
    reader.type("0013961168");
    reader.type("001396116");
    reader.type("12G4567890");
    sink.connected = false;
    reader.type("0013961169");
    await runner.idle();
    expect(logger.lines.length).toBeGreaterThanOrEqual(4);
    const logged = JSON.stringify(logger.lines);
    for (const secret of ["13961168", "1396116", "12G4567890", "13961169"]) expect(logged).not.toContain(secret);
  });

  test("reader problems and state changes are logged", async () => {
    const { reader, runner, logger } = setup();
    await runner.start();
    reader.fail("card reader disconnected: gone");
    expect(logger.lines).toContainEqual({ level: "info", details: { state: "open" }, message: "card reader open" });
    expect(logger.lines).toContainEqual({ level: "warn", details: { code: "unavailable" }, message: "card reader disconnected: gone" });
  });
});

test("after stop, reads are no longer processed", async () => {
  const { reader, sink, runner } = setup();
  await runner.start();
  await runner.stop();
  reader.type("0013961168");
  await runner.idle();
  expect(sink.present).not.toHaveBeenCalled();
  expect(reader.state).toBe("closed");
});

test("counters combine the reader's and the runner's", async () => {
  const { reader, runner } = setup();
  await runner.start();
  reader.type("0013961168");
  reader.type("x");
  await runner.idle();
  expect(runner.counters).toEqual({
    reader: { reads: 2, malformed: 0, duplicates: 0 },
    presented: 1,
    dropped: { malformed: 0, shape: 1, stale: 0, "server-unreachable": 0, "sink-failed": 0 },
  });
});
