// The octet mutations both fuzz campaigns apply to a valid request, as CUPS's fuzzipp does: set or
// flip an octet, insert, delete, truncate, corrupt a length field, or copy a run elsewhere.
import fc from "fast-check";

export type Mutation =
  | { kind: "set"; at: number; octet: number }
  | { kind: "flip"; at: number; bit: number }
  | { kind: "insert"; at: number; octets: Uint8Array }
  | { kind: "delete"; at: number; count: number }
  | { kind: "truncate"; at: number }
  | { kind: "length"; field: number; value: number }
  | { kind: "copy"; from: number; count: number; to: number };

export const suspiciousLength = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 8, 9, 11, 0x7fff, 0x8000, 0xfff5, 0xfffe, 0xffff), fc.integer({ min: 0, max: 0xffff }));

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), at: fc.nat(), octet: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), octets: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), count: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("length" as const), field: fc.nat(), value: suspiciousLength }),
  fc.record({ kind: fc.constant("copy" as const), from: fc.nat(), count: fc.integer({ min: 1, max: 64 }), to: fc.nat() }),
);

/** One mutation applied to `input`; a "length" mutation overwrites one of the given length-field offsets. */
export function applyMutation(input: Buffer, change: Mutation, lengthFields: readonly number[]): Buffer {
  const length = input.length;
  const position = (value: number, room = length): number => (room === 0 ? 0 : value % room);
  switch (change.kind) {
    case "set": {
      const copy = Buffer.from(input);
      if (length > 0) copy[position(change.at)] = change.octet;
      return copy;
    }
    case "flip": {
      const copy = Buffer.from(input);
      const at = position(change.at);
      if (length > 0) copy[at] = (copy[at] as number) ^ (1 << change.bit);
      return copy;
    }
    case "insert": {
      const at = position(change.at, length + 1);
      return Buffer.concat([input.subarray(0, at), change.octets, input.subarray(at)]);
    }
    case "delete": {
      const at = position(change.at);
      return Buffer.concat([input.subarray(0, at), input.subarray(at + change.count)]);
    }
    case "truncate":
      return input.subarray(0, position(change.at, length + 1));
    case "length": {
      const offset = lengthFields[change.field % lengthFields.length] as number;
      const copy = Buffer.from(input);
      if (offset + 2 <= length) copy.writeUInt16BE(change.value, offset);
      return copy;
    }
    case "copy": {
      const from = position(change.from);
      const slice = input.subarray(from, from + change.count);
      const to = position(change.to, length + 1);
      return Buffer.concat([input.subarray(0, to), slice, input.subarray(to)]);
    }
  }
}
