// Report sequences as boot-keyboard card readers send them, byte for byte, for decoder and reader tests.

/*
 * Written out by hand from the HID usage tables rather than generated with the decoder's own
 * table, so a wrong table entry shows up as a failing test. Each line is one 8-byte report:
 * modifiers, reserved, six usage codes.
 */

export interface ReportSequence {
  readonly name: string;
  readonly reports: readonly string[];
  /** What the decoder must produce: reads, and discarded reads as "discarded". */
  readonly expected: readonly string[];
}

const up = "00 00 00 00 00 00 00 00";

export const em4100DecimalWithEnter: ReportSequence = {
  name: "EM4100 reader: 10 decimal digits then Enter",
  expected: ["0013961168"],
  reports: [
    "00 00 27 00 00 00 00 00", up, // 0
    "00 00 27 00 00 00 00 00", up, // 0
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 20 00 00 00 00 00", up, // 3
    "00 00 26 00 00 00 00 00", up, // 9
    "00 00 23 00 00 00 00 00", up, // 6
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 23 00 00 00 00 00", up, // 6
    "00 00 25 00 00 00 00 00", up, // 8
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

export const mifareLowerHex: ReportSequence = {
  name: "MIFARE reader: 8 lower-case hex digits then Enter",
  expected: ["1c78f2bf"],
  reports: [
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 06 00 00 00 00 00", up, // c
    "00 00 24 00 00 00 00 00", up, // 7
    "00 00 25 00 00 00 00 00", up, // 8
    "00 00 09 00 00 00 00 00", up, // f
    "00 00 1f 00 00 00 00 00", up, // 2
    "00 00 05 00 00 00 00 00", up, // b
    "00 00 09 00 00 00 00 00", up, // f
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

export const mifareShiftedCapitals: ReportSequence = {
  name: "MIFARE reader: capitals with left shift in the key report, one with shift pressed on its own first",
  expected: ["1C78F2BF"],
  reports: [
    "00 00 1e 00 00 00 00 00", up, // 1
    "02 00 06 00 00 00 00 00", up, // C (left shift)
    "00 00 24 00 00 00 00 00", up, // 7
    "00 00 25 00 00 00 00 00", up, // 8
    "02 00 00 00 00 00 00 00", "02 00 09 00 00 00 00 00", "02 00 00 00 00 00 00 00", up, // F: shift down, F, F up, shift up
    "00 00 1f 00 00 00 00 00", up, // 2
    "20 00 05 00 00 00 00 00", up, // B (right shift)
    "02 00 09 00 00 00 00 00", up, // F
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

export const keypadDigitsKeypadEnter: ReportSequence = {
  name: "reader typing on the keypad: keypad digits and keypad Enter",
  expected: ["0013961168"],
  reports: [
    "00 00 62 00 00 00 00 00", up, // KP 0
    "00 00 62 00 00 00 00 00", up, // KP 0
    "00 00 59 00 00 00 00 00", up, // KP 1
    "00 00 5b 00 00 00 00 00", up, // KP 3
    "00 00 61 00 00 00 00 00", up, // KP 9
    "00 00 5e 00 00 00 00 00", up, // KP 6
    "00 00 59 00 00 00 00 00", up, // KP 1
    "00 00 59 00 00 00 00 00", up, // KP 1
    "00 00 5e 00 00 00 00 00", up, // KP 6
    "00 00 60 00 00 00 00 00", up, // KP 8
    "00 00 58 00 00 00 00 00", up, // KP Enter
  ],
};

export const lostReleaseBetweenEqualDigits: ReportSequence = {
  name: "EM4100 reader with the release report between the two 1s lost: 11 arrives as 1",
  expected: ["001396168"],
  reports: [
    "00 00 27 00 00 00 00 00", up, // 0
    "00 00 27 00 00 00 00 00", up, // 0
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 20 00 00 00 00 00", up, // 3
    "00 00 26 00 00 00 00 00", up, // 9
    "00 00 23 00 00 00 00 00", up, // 6
    "00 00 1e 00 00 00 00 00", // 1 (its release is lost)
    "00 00 1e 00 00 00 00 00", up, // 1: still down as far as anyone can tell
    "00 00 23 00 00 00 00 00", up, // 6
    "00 00 25 00 00 00 00 00", up, // 8
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

export const repeatedKeyDown: ReportSequence = {
  name: "reader repeating a key-down report before the release: the digit counts once",
  expected: ["12345"],
  reports: [
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 1f 00 00 00 00 00", up, // 2
    "00 00 20 00 00 00 00 00", "00 00 20 00 00 00 00 00", "00 00 20 00 00 00 00 00", up, // 3, repeated
    "00 00 21 00 00 00 00 00", up, // 4
    "00 00 22 00 00 00 00 00", up, // 5
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

export const fastReaderWithoutReleases: ReportSequence = {
  name: "fast reader going straight from one key to the next without release reports",
  expected: ["123"],
  reports: [
    "00 00 1e 00 00 00 00 00", // 1
    "00 00 1f 00 00 00 00 00", // 2
    "00 00 1f 20 00 00 00 00", // 3 pressed while 2 still down
    "00 00 28 00 00 00 00 00", // Enter
    up,
  ],
};

export const reportIdPrefixed: ReportSequence = {
  name: "composite reader sending report ID 1 in front of each keyboard report",
  expected: ["42"],
  reports: [
    "01 00 00 21 00 00 00 00 00", "01 00 00 00 00 00 00 00 00", // 4
    "01 00 00 1f 00 00 00 00 00", "01 00 00 00 00 00 00 00 00", // 2
    "01 00 00 28 00 00 00 00 00", "01 00 00 00 00 00 00 00 00", // Enter
  ],
};

export const unknownKeyInRead: ReportSequence = {
  name: "a key no card reader types (Escape) spoils the read",
  expected: ["discarded"],
  reports: [
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 29 00 00 00 00 00", up, // Escape
    "00 00 1f 00 00 00 00 00", up, // 2
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

export const rollOverError: ReportSequence = {
  name: "ErrorRollOver in the middle of a read spoils it",
  expected: ["discarded"],
  reports: [
    "00 00 1e 00 00 00 00 00", up, // 1
    "00 00 01 01 01 01 01 01", up, // ErrorRollOver
    "00 00 1f 00 00 00 00 00", up, // 2
    "00 00 28 00 00 00 00 00", up, // Enter
  ],
};

/** "12345" typed without its Enter. */
export const digitsWithoutTerminator: readonly string[] = [
  "00 00 1e 00 00 00 00 00", up,
  "00 00 1f 00 00 00 00 00", up,
  "00 00 20 00 00 00 00 00", up,
  "00 00 21 00 00 00 00 00", up,
  "00 00 22 00 00 00 00 00", up,
];

export const completeSequences: readonly ReportSequence[] = [
  em4100DecimalWithEnter,
  mifareLowerHex,
  mifareShiftedCapitals,
  keypadDigitsKeypadEnter,
  lostReleaseBetweenEqualDigits,
  repeatedKeyDown,
  fastReaderWithoutReleases,
  reportIdPrefixed,
  unknownKeyInRead,
  rollOverError,
];

export function reportBytes(line: string): Uint8Array {
  return Uint8Array.from(line.split(" ").map((pair) => Number.parseInt(pair, 16)));
}
