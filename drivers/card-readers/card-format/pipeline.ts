// Parses an admin's card-format text ("reverse-bytes|hex2dec") into a checked pipeline and runs reads through it.
import { PrintvaktError } from "../../../core/errors.js";
import { StepArgumentError, StepRejection, kindDescriptions, type CardValue, type ValueKind } from "./card-value.js";
import { defaultShapeFor, parseShape, type CardShape } from "./shape.js";
import type { BuiltStep, StepDefinition } from "./step.js";
import { stepsByName } from "./steps.js";

export interface PipelineStep {
  /** The step as the admin wrote it, e.g. "take-bytes:4". */
  readonly text: string;
  readonly definition: StepDefinition;
  readonly built: BuiltStep;
  readonly input: ValueKind;
  readonly output: ValueKind;
}

export interface CardPipeline {
  /** The steps joined by "|" without surrounding spaces; "" for the empty pipeline. */
  readonly source: string;
  readonly steps: readonly PipelineStep[];
  readonly outputKind: ValueKind;
  /** What the output must match unless the admin names another shape. */
  readonly defaultShape: CardShape;
  /** The read after every step; throws PrintvaktError "bad-request" naming the step that rejected it. */
  run(raw: string): string;
  /** One line per step, with the kinds that flow between steps, for --help and logs. */
  describe(): string;
}

/** Longer than any reader's output; keeps BigInt work on a hostile line small. */
const longestRead = 256;

function pipelineError(message: string): PrintvaktError {
  return new PrintvaktError("bad-request", message);
}

function parseStep(stepText: string, position: number, input: ValueKind, previous: string): PipelineStep {
  const [rawName = "", ...args] = stepText.split(":");
  const name = rawName.trim().toLowerCase();
  const definition = stepsByName.get(name);
  if (definition === undefined) throw pipelineError(`card format step ${position} "${stepText}": unknown step "${name}"`);
  let built: BuiltStep;
  try {
    built = definition.build(args);
  } catch (error) {
    if (error instanceof StepArgumentError) throw pipelineError(`card format step ${position} "${stepText}": ${definition.name} ${error.message} (usage: ${definition.usage})`);
    throw error;
  }
  if (!built.accepts.includes(input)) {
    const wanted = built.accepts.map((kind) => kindDescriptions[kind]).join(" or ");
    throw pipelineError(`card format step ${position} "${stepText}" takes ${wanted}, but gets ${kindDescriptions[input]} from ${previous}`);
  }
  return { text: stepText, definition, built, input, output: built.produces(input) };
}

function applyStep(step: PipelineStep, position: number, value: CardValue): CardValue {
  try {
    return step.built.apply(value);
  } catch (error) {
    if (!(error instanceof StepRejection)) throw error;
    throw new PrintvaktError("bad-request", `card format step ${position} "${step.text}" rejected the read: ${error.message}`, {
      userMessage: "The card could not be read. Please try again.",
      details: { step: position, stepText: step.text, reason: error.message },
    });
  }
}

/**
 * Checks the whole pipeline before any card is read: every step exists, its arguments are right,
 * it accepts what the step before it gives, and the last step gives something a card number can be.
 */
export function parsePipeline(text: string): CardPipeline {
  const stepTexts = text.trim() === "" ? [] : text.split("|").map((part) => part.trim());
  const steps: PipelineStep[] = [];
  let kind: ValueKind = "text";
  for (const [index, stepText] of stepTexts.entries()) {
    if (stepText === "") throw pipelineError(`card format step ${index + 1} is empty (two "|" in a row?)`);
    const previous = steps.at(-1);
    const step = parseStep(stepText, index + 1, kind, previous === undefined ? "the reader" : `step ${index} "${previous.text}"`);
    steps.push(step);
    kind = step.output;
  }
  if (kind === "bits") throw pipelineError(`card format "${text}" ends with bits; add dec or hex`);
  const lastShape = steps.at(-1)?.built.shape;
  const defaultShape = lastShape === undefined ? defaultShapeFor(kind) : parseShape(lastShape);
  const outputKind = kind;

  return {
    source: stepTexts.join("|"),
    steps,
    outputKind,
    defaultShape,
    run(raw) {
      if (raw.length > longestRead) {
        throw new PrintvaktError("bad-request", `the read is longer than ${longestRead} characters`, { userMessage: "The card could not be read. Please try again." });
      }
      return steps.reduce<CardValue>((value, step, index) => applyStep(step, index + 1, value), { kind: "text", text: raw }).text;
    },
    describe() {
      if (steps.length === 0) return `(no steps: the read is used as typed)\nshape: ${defaultShape.source}`;
      const lines = steps.map((step, index) => `${index + 1}. ${step.text}: ${step.definition.summary} (${kindDescriptions[step.input]} → ${kindDescriptions[step.output]})`);
      return [...lines, `shape: ${defaultShape.source}`].join("\n");
    },
  };
}

/** Every step with its usage and summary, for `--card-format` help text. */
export function cardFormatReference(): string {
  return [...stepsByName.values()].map((definition) => `${definition.usage}\n    ${definition.summary}`).join("\n");
}
