// Card-format steps that edit the characters of a read: trim, prefixes, case and padding.
import { StepArgumentError, StepRejection, text, type CardValue, type ValueKind } from "./card-value.js";
import { always, expectArgumentCount, integerArgument, sameKind, type StepDefinition } from "./step.js";

/** Prefixes may only hold what a canonical card number may hold, so the result can still be stored. */
const prefixCharacters = /^[0-9A-Za-z-]+$/;

/** The prefix text: everything after the first ":", so a prefix may itself contain ":" for strip-prefix. */
function prefixArgument(args: readonly string[]): string {
  const prefix = args.join(":");
  if (prefix === "") throw new StepArgumentError("needs the prefix text, e.g. strip-prefix:ID");
  return prefix;
}

/** Which characters keep a value of each kind valid after a prefix is added in front. */
const kindCharacters: Partial<Record<ValueKind, RegExp>> = {
  hex: /^[0-9A-Fa-f]+$/,
  decimal: /^[0-9]+$/,
  fields: /^[0-9]+$/,
};

export const trimStep: StepDefinition = {
  name: "trim",
  usage: "trim",
  summary: "remove spaces and tabs around the read",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text"], produces: always("text"), apply: (value) => text("text", value.text.trim()) };
  },
};

export const stripPrefixStep: StepDefinition = {
  name: "strip-prefix",
  usage: "strip-prefix:X",
  summary: "remove X from the start; a read without X is rejected (hex compares without case)",
  build(args) {
    const prefix = prefixArgument(args);
    return {
      accepts: ["text", "hex", "decimal"],
      produces: sameKind,
      apply(value: CardValue) {
        const caseless = value.kind === "hex";
        const subject = caseless ? value.text.toUpperCase() : value.text;
        const wanted = caseless ? prefix.toUpperCase() : prefix;
        if (!subject.startsWith(wanted)) throw new StepRejection(`the read does not start with "${prefix}"`);
        const rest = value.text.slice(prefix.length);
        if (rest === "") throw new StepRejection(`nothing is left after removing "${prefix}"`);
        return text(value.kind, rest);
      },
    };
  },
};

export const prefixStep: StepDefinition = {
  name: "prefix",
  usage: "prefix:X",
  summary: "put X in front (letters, digits and '-'); the kind stays when X fits it, else it becomes text",
  build(args) {
    const prefix = prefixArgument(args);
    if (!prefixCharacters.test(prefix)) throw new StepArgumentError(`prefix "${prefix}" may contain only letters, digits and "-"`);
    const produces = (input: ValueKind): ValueKind => (kindCharacters[input]?.test(prefix) ? input : "text");
    return {
      accepts: ["text", "hex", "decimal", "fields"],
      produces,
      apply: (value) => text(produces(value.kind), `${value.kind === "hex" ? prefix.toUpperCase() : prefix}${value.text}`),
    };
  },
};

export const upperStep: StepDefinition = {
  name: "upper",
  usage: "upper",
  summary: "upper-case letters",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text", "hex"], produces: sameKind, apply: (value) => text(value.kind, value.text.toUpperCase()) };
  },
};

export const lowerStep: StepDefinition = {
  name: "lower",
  usage: "lower",
  summary: "lower-case letters (gives text: hex values are upper-case by definition)",
  build(args) {
    expectArgumentCount(args, [0]);
    return { accepts: ["text", "hex"], produces: always("text"), apply: (value) => text("text", value.text.toLowerCase()) };
  },
};

export const padStep: StepDefinition = {
  name: "pad",
  usage: "pad:N",
  summary: "add leading zeros up to N characters; longer values stay as they are",
  build(args) {
    expectArgumentCount(args, [1]);
    const width = integerArgument(args[0], "N", 1, 64);
    return { accepts: ["text", "hex", "decimal"], produces: sameKind, apply: (value) => text(value.kind, value.text.padStart(width, "0")) };
  },
};

export const textSteps: readonly StepDefinition[] = [trimStep, stripPrefixStep, prefixStep, upperStep, lowerStep, padStep];
