// The shape check: a pattern the pipeline's output must match in full, so a read that lost a digit is dropped.
import { PrintvaktError } from "../../../core/errors.js";
import type { ValueKind } from "./card-value.js";

export interface CardShape {
  /** The pattern as written, e.g. "^[0-9]{10}$". */
  readonly source: string;
  test(value: string): boolean;
}

/*
 * Defaults by the kind a pipeline ends with. The empty pipeline (plain decimal readers) ends with
 * text, and most readers type decimal digits, so text gets the decimal default; a hex reader
 * should end its pipeline with `mifare:N` (which sets an exact length) or name its own shape.
 */
const defaultShapes: Readonly<Record<Exclude<ValueKind, "bits">, string>> = {
  text: "^[0-9]{4,20}$",
  decimal: "^[0-9]{4,20}$",
  hex: "^[0-9A-F]{4,40}$",
  fields: "^[0-9]+(-[0-9]+)+$",
};

/** Reads are short, so a longer value is never a card; this also bounds the regex's work. */
const longestValue = 128;

/**
 * Builds a shape from a regular expression. It always has to match the whole value, whether or
 * not the text has ^ and $, and it is case-sensitive (pipelines write hex in upper case).
 */
export function parseShape(source: string): CardShape {
  if (source.trim() === "") throw new PrintvaktError("bad-request", "the card shape is empty");
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${source})$`, "u");
  } catch (error) {
    throw new PrintvaktError("bad-request", `the card shape "${source}" is not a valid regular expression: ${(error as Error).message}`, { cause: error });
  }
  return { source, test: (value) => value.length <= longestValue && pattern.test(value) };
}

export function defaultShapeFor(kind: ValueKind): CardShape {
  if (kind === "bits") throw new PrintvaktError("bad-request", "a pipeline cannot end with bits; add dec or hex");
  return parseShape(defaultShapes[kind]);
}
