// Keeps the README honest: every row of its examples table runs through the real pipeline.
import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parsePipeline } from "./card-format/pipeline.js";

interface Example {
  readonly pipeline: string;
  readonly read: string;
  readonly result: string;
}

function examplesFromReadme(): Example[] {
  const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
  const section = readme.split("### Examples")[1]?.split("\n### ")[0] ?? "";
  return section
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .map((line) => {
      const cells = line.replaceAll("\\|", "\u0000").split("|").slice(1, -1).map((cell) => cell.replaceAll("\u0000", "|"));
      const [pipeline = "", read = "", result = ""] = cells.map((cell) => cell.trim());
      const unquote = (cell: string) => cell.replace(/^`(.*)`$/, "$1");
      return { pipeline: unquote(pipeline), read: unquote(read), result: result.startsWith("`") ? unquote(result) : result };
    });
}

const examples = examplesFromReadme();

test("the README has its examples table", () => {
  expect(examples.length).toBeGreaterThan(25);
});

test.each(examples)("$pipeline on $read → $result", ({ pipeline, read, result }) => {
  const run = () => parsePipeline(pipeline).run(read);
  if (result.startsWith("rejected: ")) expect(run).toThrow(`rejected the read: ${result.slice("rejected: ".length)}`);
  else expect(run()).toBe(result);
});
