// The shape of one card-format step: a table entry that builds a small pure function from its arguments.
import { StepArgumentError, type CardValue, type ValueKind } from "./card-value.js";

/** A step with its arguments already parsed and checked. */
export interface BuiltStep {
  readonly accepts: readonly ValueKind[];
  /** The kind this step gives for a given input kind (most steps give one fixed kind). */
  produces(input: ValueKind): ValueKind;
  /** Throws StepRejection when the read does not fit. */
  apply(value: CardValue): CardValue;
  /** Overrides the pipeline's default shape when this step is the last one (e.g. exactly 10 digits). */
  readonly shape?: string;
}

export interface StepDefinition {
  readonly name: string;
  /** How to write it, e.g. "take-bytes:N" or "take-bytes:START:LENGTH". */
  readonly usage: string;
  readonly summary: string;
  /** Throws StepArgumentError on a wrong argument. `args` is everything after the name, split on ":". */
  build(args: readonly string[]): BuiltStep;
}

export function expectArgumentCount(args: readonly string[], allowed: readonly number[]): void {
  if (!allowed.includes(args.length)) {
    const wanted = allowed.map((count) => (count === 0 ? "no argument" : `${count} argument${count === 1 ? "" : "s"}`)).join(" or ");
    throw new StepArgumentError(`takes ${wanted}, got ${args.length}`);
  }
}

/** A whole number in [minimum, maximum], written in decimal. */
export function integerArgument(text: string | undefined, label: string, minimum: number, maximum: number): number {
  if (text === undefined || !/^[0-9]{1,6}$/.test(text)) throw new StepArgumentError(`${label} must be a whole number, got "${text ?? ""}"`);
  const value = Number(text);
  if (value < minimum || value > maximum) throw new StepArgumentError(`${label} must be between ${minimum} and ${maximum}, got ${value}`);
  return value;
}

/** For steps whose output kind does not depend on the input kind. */
export function always(kind: ValueKind): (input: ValueKind) => ValueKind {
  return () => kind;
}

export function sameKind(input: ValueKind): ValueKind {
  return input;
}
