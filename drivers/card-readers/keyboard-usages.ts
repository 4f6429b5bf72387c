// HID keyboard usage codes to characters for a US layout, the layout card readers type with.

export type KeyMeaning =
  | { readonly kind: "character"; readonly plain: string; readonly shifted: string }
  | { readonly kind: "terminator" };

/** Consecutive usage codes and the characters they type without and with shift. */
interface UsageRun {
  readonly first: number;
  readonly plain: string;
  readonly shifted: string;
}

/*
 * From the HID Usage Tables, Keyboard/Keypad page (0x07). Only keys a card reader can type are
 * listed; any other key inside a read makes that read malformed. Keypad keys ignore shift, as
 * they do with Num Lock on.
 */
const usageRuns: readonly UsageRun[] = [
  { first: 0x04, plain: "abcdefghijklmnopqrstuvwxyz", shifted: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
  { first: 0x1e, plain: "1234567890", shifted: "!@#$%^&*()" },
  { first: 0x2c, plain: " -=[]\\", shifted: " _+{}|" },
  { first: 0x33, plain: ";'`,./", shifted: ':"~<>?' },
  { first: 0x54, plain: "/*-+", shifted: "/*-+" },
  { first: 0x59, plain: "1234567890.", shifted: "1234567890." },
];

/** Enter and keypad Enter end a read. */
const terminators: readonly number[] = [0x28, 0x58];

function buildUsageTable(): ReadonlyMap<number, KeyMeaning> {
  const table = new Map<number, KeyMeaning>();
  for (const run of usageRuns) {
    [...run.plain].forEach((plain, offset) => table.set(run.first + offset, { kind: "character", plain, shifted: run.shifted[offset] ?? plain }));
  }
  for (const usage of terminators) table.set(usage, { kind: "terminator" });
  return table;
}

export const usUsageTable: ReadonlyMap<number, KeyMeaning> = buildUsageTable();

/** Left and right shift in the modifier byte. */
export const shiftModifiers = 0x02 | 0x20;

/** Usage 0 is "no key"; 1-3 are error states (ErrorRollOver, POSTFail, ErrorUndefined), not keys. */
export const noKey = 0x00;
export const errorUsages: readonly number[] = [0x01, 0x02, 0x03];
