// Generated valid IPP messages for the decoder's round-trip campaign: every value syntax, nested
// collections, and later groups in the order the decoder requires of a request.
import fc from "fast-check";
import { ValueTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute, IppMessage, IppValue } from "../../core/ipp/codec/types.js";
import { collection, operationGroup } from "../../core/ipp/codec/values.js";

/** Up to 16 printable ASCII characters, no space. */
export const visibleAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 16 });

const deciSecondDate = fc.integer({ min: Date.UTC(1, 0, 1), max: Date.UTC(9999, 11, 31) }).map((milliseconds) => new Date(Math.floor(milliseconds / 100) * 100));

const leafValue: fc.Arbitrary<IppValue> = fc.oneof(
  fc.integer().map((value) => ({ tag: ValueTag.integer, value }) as IppValue),
  fc.integer({ min: 1, max: 0x7fffffff }).map((value) => ({ tag: ValueTag.enum, value }) as IppValue),
  fc.boolean().map((value) => ({ tag: ValueTag.boolean, value }) as IppValue),
  fc.uint8Array({ maxLength: 16 }).map((value) => ({ tag: ValueTag.octetString, value: Buffer.from(value) }) as IppValue),
  deciSecondDate.map((value) => ({ tag: ValueTag.dateTime, value }) as IppValue),
  fc.record({ x: fc.integer(), y: fc.integer(), units: fc.constantFrom(3, 4) }).map((value) => ({ tag: ValueTag.resolution, value }) as IppValue),
  fc.record({ lower: fc.integer(), upper: fc.integer() }).map((value) => ({ tag: ValueTag.rangeOfInteger, value }) as IppValue),
  fc.tuple(fc.constantFrom(0x35, 0x36), visibleAscii, fc.string({ unit: "binary", maxLength: 12 })).map(([tag, language, words]) => ({ tag, value: { language, text: words } }) as IppValue),
  fc.tuple(fc.constantFrom(0x41, 0x42), fc.string({ unit: "binary", maxLength: 12 })).map(([tag, value]) => ({ tag, value }) as IppValue),
  fc.tuple(fc.constantFrom(0x44, 0x45, 0x46, 0x47, 0x48), visibleAscii).map(([tag, value]) => ({ tag, value }) as IppValue),
  fc.constantFrom<IppValue>({ tag: 0x10 }, { tag: 0x12 }, { tag: 0x13 }),
);

const attributeName = visibleAscii.filter((candidate) => candidate.length > 0);

const { value: anyValue } = fc.letrec<{ value: IppValue; members: IppAttribute[] }>((tie) => ({
  value: fc.oneof({ maxDepth: 4, depthIdentifier: "collection" }, leafValue, tie("members").map((members) => collection(members))),
  members: fc.uniqueArray(fc.record({ name: attributeName, values: fc.array(tie("value"), { minLength: 1, maxLength: 3 }) }), {
    selector: (member) => member.name,
    maxLength: 4,
  }),
}));

const attributes = fc.uniqueArray(fc.record({ name: attributeName, values: fc.array(anyValue, { minLength: 1, maxLength: 3 }) }), {
  selector: (attribute) => attribute.name,
  maxLength: 5,
});

/** Later groups in request order: each tag at most once, sorted (the decoder's request rule). */
const laterGroups = fc
  .uniqueArray(fc.record({ tag: fc.constantFrom(0x02, 0x04, 0x05, 0x09, 0x0a), attributes }), { selector: (group) => group.tag, maxLength: 2 })
  .map((groups) => [...groups].sort((left, right) => left.tag - right.tag));

export const validMessage: fc.Arbitrary<IppMessage> = fc
  .tuple(fc.constantFrom(1, 2), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: 1, max: 0x7fffffff }), attributes, laterGroups)
  .map(([major, minor, code, requestId, operationAttributes, groups]) => ({
    version: { major, minor },
    code,
    requestId,
    groups: [operationGroup(operationAttributes), ...groups],
  }));
