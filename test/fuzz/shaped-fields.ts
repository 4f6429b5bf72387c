// The tokens both fuzz campaigns build generated attribute sections from: delimiter tags, plausible
// fields (each campaign brings its own), and now and then a field whose lengths lie.
import fc from "fast-check";
import { uint16, wire } from "../support/ipp/wire-builder.js";
import { suspiciousLength } from "./mutations.js";

/** A field whose length octets do not match what follows. */
const lyingField = fc
  .tuple(fc.integer({ min: 0x10, max: 0xff }), suspiciousLength, suspiciousLength, fc.uint8Array({ maxLength: 24 }))
  .map(([tag, nameLength, valueLength, rest]) => wire(tag, uint16(nameLength), Buffer.from(rest), uint16(valueLength)));

/** One token of a generated attribute section: mostly `valueField`, sometimes a delimiter tag or a lying field. */
export function attributeToken(valueField: fc.Arbitrary<Buffer>): fc.Arbitrary<Buffer> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: 0x00, max: 0x0f }).map((tag) => Buffer.of(tag)) },
    { weight: 12, arbitrary: valueField },
    { weight: 1, arbitrary: lyingField },
  );
}
