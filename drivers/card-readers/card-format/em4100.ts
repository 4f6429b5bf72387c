// EM4100 card numbers: the 10-digit decimal form and the "3+5" facility-card form printed on cards.
import { StepArgumentError, StepRejection, decimalOf, text, type CardValue } from "./card-value.js";
import { always, expectArgumentCount, type BuiltStep, type StepDefinition } from "./step.js";

/*
 * The 10-digit form is the low 32 bits of the 40-bit EM4100 id, in decimal, zero padded.
 * The 3+5 form (also called W26 form, printed on cards as "213,02000") is the low 24 bits:
 * bits 16-23 as a 3-digit facility and bits 0-15 as a 5-digit card. The top byte of the 32-bit
 * number is not part of it, exactly as on the printed card; two cards that differ only there
 * give the same 3+5 number, which is why 10 is the better form when a site can choose.
 */

const largest32Bit = 0xffff_ffffn;

function tenDigits(value: CardValue): bigint {
  const digits = decimalOf(value);
  if (digits.length !== 10) throw new StepRejection(`EM4100 numbers have 10 digits, the read has ${digits.length}`);
  const number = BigInt(digits);
  if (number > largest32Bit) throw new StepRejection("the read is larger than a 32-bit EM4100 number");
  return number;
}

const em4100Forms: ReadonlyMap<string, BuiltStep> = new Map([
  ["10", {
    accepts: ["text", "decimal"],
    produces: always("decimal"),
    shape: "^[0-9]{10}$",
    apply: (value) => text("decimal", tenDigits(value).toString(10).padStart(10, "0")),
  }],
  ["3+5", {
    accepts: ["text", "decimal"],
    produces: always("fields"),
    shape: "^[0-9]{3}-[0-9]{5}$",
    apply(value) {
      const number = tenDigits(value);
      const facility = (number >> 16n) & 0xffn;
      const card = number & 0xffffn;
      return text("fields", `${facility.toString(10).padStart(3, "0")}-${card.toString(10).padStart(5, "0")}`);
    },
  }],
]);

export const em4100Step: StepDefinition = {
  name: "em4100",
  usage: "em4100:10 or em4100:3+5",
  summary: "10-digit EM4100 number: check it (10) or write facility-card as printed on the card (3+5): 0013961168 → 213-02000",
  build(args) {
    expectArgumentCount(args, [1]);
    const form = em4100Forms.get(args[0] ?? "");
    if (form === undefined) throw new StepArgumentError(`form must be one of ${[...em4100Forms.keys()].join(", ")}, got "${args[0] ?? ""}"`);
    return form;
  },
};
