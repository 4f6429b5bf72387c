// --dry-run prints each normalized card number instead of sending it.
import { PassThrough, Writable } from "node:stream";
import { expect, test } from "vitest";
import { parsePipeline } from "../../drivers/card-readers/card-format/pipeline.js";
import { CardPipelineRunner } from "./card-pipeline-runner.js";
import { DryRunSink } from "./dry-run-sink.js";
import { createCardReader } from "./reader-factory.js";

function collect(): { output: PassThrough; text: () => string } {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { output, text: () => Buffer.concat(chunks).toString("utf8") };
}

test("prints one canonical card number per line", async () => {
  const { output, text } = collect();
  const sink = new DryRunSink(output);
  await sink.present({ card: "3220338716", raw: "1c78f2bf" });
  await sink.present({ card: "213-2000", raw: "0013961168" });
  expect(text()).toBe("3220338716\n213-2000\n");
  expect(sink.connected).toBe(true);
});

test("stdin reader → pipeline → dry-run, end to end", async () => {
  const input = new PassThrough();
  const { output, text } = collect();
  const silent = { info: () => {}, warn: () => {} };
  const runner = new CardPipelineRunner({
    reader: createCardReader("stdin", { input, debounceMs: 0 }),
    pipeline: parsePipeline("reverse-bytes|hex2dec"),
    sink: new DryRunSink(output),
    logger: silent,
  });
  await runner.start();
  input.end("1c78f2bf\r\nnot-a-card\n946EBD28\n");
  await new Promise((resolve) => setImmediate(resolve));
  await runner.idle();
  expect(text()).toBe(`3220338716\n${0x28bd6e94}\n`);
  expect(runner.counters.dropped.malformed).toBe(1);
});

test("a failing output rejects present", async () => {
  const broken = new Writable({ write: (_chunk, _encoding, callback) => callback(new Error("disk full")) });
  broken.on("error", () => {});
  await expect(new DryRunSink(broken).present({ card: "1", raw: "1" })).rejects.toThrow("disk full");
});
