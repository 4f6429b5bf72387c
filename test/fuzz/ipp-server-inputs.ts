// Requests for the server fuzz campaign: valid requests of every operation to mutate, IPP-shaped
// generated messages, and hostile shapes with a known answer (nesting, huge lengths, duplicates,
// truncation, garbage, the 32 octets that hang the `ipp` package).
import fc from "fast-check";
import { encodeIppMessage } from "../../core/ipp/codec/encode.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { IPP_PACKAGE_HANG_32_OCTETS, samplePrintJobRequest } from "../support/ipp/sample-messages.js";
import { GroupTag, ValueTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute } from "../../core/ipp/codec/types.js";
import { attr, bool, charset, integer, jobGroup, keyword, mimeMediaType, name, naturalLanguage, octets, operationGroup, uri } from "../../core/ipp/codec/values.js";
import { envelope, field, int32, nestedCollections, uint16, wire } from "../support/ipp/wire-builder.js";
import { makePdf } from "../support/pdf.js";
import { lengthFieldOffsets } from "./fuzz-settings.js";
import { applyMutation, type Mutation, mutation } from "./mutations.js";
import { attributeToken } from "./shaped-fields.js";

/** One request as the campaign sends it: the octets, the path and how the HTTP body is cut. */
export interface FuzzRequest {
  octets: Buffer;
  path: string;
  /** Chunked transfer cut at these sizes; undefined: one Content-Length body. */
  pieces: number[] | undefined;
}

const PDF = makePdf({ text: "fuzz" });

function preamble(): IppAttribute[] {
  return [
    attr("attributes-charset", charset("utf-8")),
    attr("attributes-natural-language", naturalLanguage("en")),
    attr("printer-uri", uri("ipp://127.0.0.1/ipp/print")),
  ];
}

function encoded(code: number, operation: IppAttribute[], job: IppAttribute[] = []): Buffer {
  const groups = [operationGroup([...preamble(), ...operation]), ...(job.length > 0 ? [jobGroup(job)] : [])];
  return encodeIppMessage({ version: { major: 2, minor: 0 }, code, requestId: 1, groups });
}

/**
 * The full Print-Job of the sample messages without its job-password: a PIN is hashed with argon2id
 * (~100 ms by design), which is the cost of a well-formed PIN job, not of a malformed request.
 */
function submissionAttributes(): { operation: IppAttribute[]; job: IppAttribute[] } {
  const [operation, job] = samplePrintJobRequest().groups;
  return {
    operation: operation!.attributes.slice(3).filter((attribute) => !attribute.name.startsWith("job-password")),
    job: job!.attributes,
  };
}

const alice = attr("requesting-user-name", name("alice"));
const submission = submissionAttributes();

/** A valid request of every operation the queue answers; each is a header plus its document, if any. */
export const BASE_REQUESTS: ReadonlyArray<{ label: string; header: Buffer; document: Buffer }> = [
  { label: "Print-Job", header: encoded(IppOperation.printJob, submission.operation, submission.job), document: PDF },
  { label: "Validate-Job", header: encoded(IppOperation.validateJob, submission.operation, submission.job), document: Buffer.alloc(0) },
  { label: "Create-Job", header: encoded(IppOperation.createJob, submission.operation, submission.job), document: Buffer.alloc(0) },
  {
    label: "Send-Document",
    header: encoded(IppOperation.sendDocument, [attr("job-id", integer(1)), alice, attr("document-format", mimeMediaType("application/pdf")), attr("last-document", bool(true))]),
    document: PDF,
  },
  {
    label: "Get-Jobs",
    header: encoded(IppOperation.getJobs, [alice, attr("which-jobs", keyword("all")), attr("requested-attributes", keyword("job-id"), keyword("job-name"), keyword("job-state"))]),
    document: Buffer.alloc(0),
  },
  { label: "Get-Printer-Attributes", header: encoded(IppOperation.getPrinterAttributes, [attr("requested-attributes", keyword("all"))]), document: Buffer.alloc(0) },
  { label: "Get-Job-Attributes", header: encoded(IppOperation.getJobAttributes, [attr("job-id", integer(1)), alice]), document: Buffer.alloc(0) },
  { label: "Cancel-Job", header: encoded(IppOperation.cancelJob, [attr("job-id", integer(2)), alice]), document: Buffer.alloc(0) },
  { label: "Hold-Job", header: encoded(IppOperation.holdJob, [attr("job-id", integer(1)), alice]), document: Buffer.alloc(0) },
  { label: "Release-Job", header: encoded(IppOperation.releaseJob, [attr("job-id", integer(1)), alice]), document: Buffer.alloc(0) },
  { label: "Set-Job-Attributes", header: encoded(IppOperation.setJobAttributes, [attr("job-id", integer(3)), alice], [attr("job-hold-until", keyword("no-hold"))]), document: Buffer.alloc(0) },
  { label: "Cancel-My-Jobs", header: encoded(IppOperation.cancelMyJobs, [alice]), document: Buffer.alloc(0) },
  { label: "Close-Job", header: encoded(IppOperation.closeJob, [attr("job-id", integer(4)), alice]), document: Buffer.alloc(0) },
  { label: "Identify-Printer", header: encoded(IppOperation.identifyPrinter, [alice]), document: Buffer.alloc(0) },
];

/** A Get-Printer-Attributes any client sends first; it must still work after every campaign. */
export const GET_PRINTER_ATTRIBUTES = BASE_REQUESTS.find((base) => base.label === "Get-Printer-Attributes")!.header;


const LENGTH_FIELDS = BASE_REQUESTS.map((base) => lengthFieldOffsets(base.header));

// ---- HTTP framing: where the request goes and how its body is cut ----

const paths = fc.oneof(
  { weight: 12, arbitrary: fc.constant("/ipp/print") },
  { weight: 2, arbitrary: fc.constantFrom("/printers/secure", "/", "/ipp/print/1", "/jobs/1", "/printers/secure/2") },
  { weight: 1, arbitrary: fc.constantFrom("/nope", "/ipp/print/../../etc/passwd", "/ipp/print/99999999999") },
);

const pieces = fc.option(fc.array(fc.integer({ min: 1, max: 48 }), { minLength: 1, maxLength: 6 }), { freq: 3 });

export function framed(octets: fc.Arbitrary<Buffer>): fc.Arbitrary<FuzzRequest> {
  return fc.record({ octets, path: paths, pieces: pieces.map((cuts) => cuts ?? undefined) });
}

// ---- Mutations of valid requests (as CUPS's fuzzipp does, over the whole request) ----

/** Mutations land in the attribute section, where the decoder works; the document rides along unchanged. */
function mutate(current: { header: Buffer; document: Buffer }, lengthFields: readonly number[], change: Mutation): { header: Buffer; document: Buffer } {
  const header = applyMutation(current.header, change, lengthFields);
  // A truncated request has no document after it.
  return { header, document: change.kind === "truncate" ? Buffer.alloc(0) : current.document };
}

/** A valid request of a random operation with 1-4 mutations of its octets. */
export const mutatedRequest: fc.Arbitrary<Buffer> = fc
  .tuple(fc.nat({ max: BASE_REQUESTS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([index, changes]) => {
    const base = BASE_REQUESTS[index]!;
    const lengthFields = LENGTH_FIELDS[index]!;
    const result = changes.reduce((current, change) => mutate(current, lengthFields, change), { header: base.header, document: base.document });
    return Buffer.concat([result.header, result.document]);
  });

// ---- Generated IPP-shaped messages: plausible tags and fields, sometimes lying ----

const KNOWN_VALUE_TAGS = [0x10, 0x12, 0x13, 0x21, 0x22, 0x23, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49, 0x4a, 0x7f];
const NAMES = ["", "", "attributes-charset", "attributes-natural-language", "printer-uri", "job-uri", "requesting-user-name", "job-name", "job-id", "document-format", "compression", "media-col", "copies", "which-jobs", "requested-attributes", "last-document", "job-password"];
const OPERATIONS = [...new Set([0x0002, 0x0004, 0x0005, 0x0006, 0x0008, 0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x0014, 0x0039, 0x003b, 0x003c])];

const visibleAscii = fc.string({ unit: fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 16 });

const plausibleValue = fc.oneof(
  { weight: 3, arbitrary: visibleAscii.map((value) => Buffer.from(value, "latin1")) },
  { weight: 2, arbitrary: fc.constantFrom("utf-8", "en", "alice", "ipp://127.0.0.1/ipp/print", "application/pdf", "all", "none", "gzip").map((value) => Buffer.from(value)) },
  { weight: 2, arbitrary: fc.integer().map((value) => int32(value)) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }).map((value) => Buffer.from(value)) },
);

const valueField = fc
  .tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KNOWN_VALUE_TAGS) }, { weight: 1, arbitrary: fc.integer({ min: 0x10, max: 0xff }) }), fc.constantFrom(...NAMES), plausibleValue)
  .map(([tag, fieldName, value]) => field(tag, fieldName, value));

const token = attributeToken(valueField);

/** Sometimes with a correct preamble, so generated fields reach the operations, not only the decoder. */
export const shapedRequest: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom(1, 2, 2, 2, 0, 3),
    fc.integer({ min: 0, max: 255 }),
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...OPERATIONS) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }) }),
    fc.integer(),
    fc.boolean(),
    fc.array(token, { maxLength: 30 }),
    fc.boolean(),
    fc.uint8Array({ maxLength: 64 }),
  )
  .map(([major, minor, code, requestId, withPreamble, tokens, ended, after]) =>
    wire(
      major,
      minor,
      uint16(code),
      int32(requestId),
      GroupTag.operation,
      ...(withPreamble ? [field(ValueTag.charset, "attributes-charset", "utf-8"), field(ValueTag.naturalLanguage, "attributes-natural-language", "en"), field(ValueTag.uri, "printer-uri", "ipp://127.0.0.1/ipp/print")] : []),
      ...tokens,
      ...(ended ? [GroupTag.endOfAttributes] : []),
      Buffer.from(after),
    ),
  );

// ---- Hostile shapes with a known answer ----

/** Validate-Job with `depth` collections nested in the job group, from a user with no jobs (so no quota refusal). */
export function nestedRequest(depth: number): Buffer {
  return wire(
    envelope({ code: IppOperation.validateJob }),
    GroupTag.operation,
    field(ValueTag.charset, "attributes-charset", "utf-8"),
    field(ValueTag.naturalLanguage, "attributes-natural-language", "en"),
    field(ValueTag.uri, "printer-uri", "ipp://127.0.0.1/ipp/print"),
    field(ValueTag.nameWithoutLanguage, "requesting-user-name", "nesting-tester"),
    GroupTag.job,
    nestedCollections(depth),
    GroupTag.endOfAttributes,
  );
}

/** The Print-Job with one of its length fields set to `length` (0x8000 and up: over every limit). */
export const hugeLengthRequest: fc.Arbitrary<Buffer> = fc
  .tuple(fc.constantFrom(...LENGTH_FIELDS[0]!), fc.integer({ min: 0x8000, max: 0xffff }))
  .map(([offset, length]) => {
    const header = Buffer.from(BASE_REQUESTS[0]!.header);
    header.writeUInt16BE(length, offset);
    return Buffer.concat([header, PDF]);
  });

/**
 * requesting-user-name "alice" then, after other attributes, again as "root" (or "../../etc"), in
 * a submitting or a listing operation. Must be refused: read as the last value, it would act as root.
 */
export const duplicateUserRequest: fc.Arbitrary<Buffer> = fc
  .tuple(
    fc.constantFrom(IppOperation.printJob, IppOperation.getJobs, IppOperation.cancelMyJobs, IppOperation.createJob),
    fc.uniqueArray(fc.constantFrom("job-name", "document-format", "which-jobs", "my-jobs", "x-extra"), { maxLength: 3 }),
    fc.constantFrom("root", "ROOT", "../../etc", "root\u0000"),
    fc.constantFrom(ValueTag.nameWithoutLanguage, ValueTag.keyword, ValueTag.textWithoutLanguage),
  )
  .map(([code, between, second, secondTag]) =>
    wire(
      envelope({ code }),
      GroupTag.operation,
      field(ValueTag.charset, "attributes-charset", "utf-8"),
      field(ValueTag.naturalLanguage, "attributes-natural-language", "en"),
      field(ValueTag.uri, "printer-uri", "ipp://127.0.0.1/ipp/print"),
      field(ValueTag.nameWithoutLanguage, "requesting-user-name", "alice"),
      ...between.map((other) => field(other === "document-format" ? ValueTag.mimeMediaType : other === "job-name" ? ValueTag.nameWithoutLanguage : ValueTag.keyword, other, other === "document-format" ? "application/pdf" : "v")),
      field(secondTag, "requesting-user-name", second),
      GroupTag.endOfAttributes,
      code === IppOperation.printJob ? PDF : Buffer.alloc(0),
    ),
  );

/** A valid request's header cut short at any octet (the HTTP body ends there too). */
export const truncatedRequest: fc.Arbitrary<Buffer> = fc
  .tuple(fc.nat({ max: BASE_REQUESTS.length - 1 }), fc.nat())
  .map(([index, at]) => {
    const header = BASE_REQUESTS[index]!.header;
    return header.subarray(0, at % header.length);
  });

/** Random octets; or a valid header followed by random document octets (up to 64 KiB). */
export const garbageRequest: fc.Arbitrary<Buffer> = fc.oneof(
  fc.uint8Array({ maxLength: 512 }).map((octets) => Buffer.from(octets)),
  fc.tuple(fc.nat({ max: BASE_REQUESTS.length - 1 }), fc.integer({ min: 0, max: 64 * 1024 }), fc.integer({ min: 0, max: 255 })).map(([index, size, seed]) => {
    const noise = Buffer.alloc(size);
    for (let at = 0; at < size; at += 1) noise[at] = (at * 131 + seed * 7 + (at >> 8)) & 0xff;
    return Buffer.concat([BASE_REQUESTS[index]!.header, noise]);
  }),
);

/** A person the campaign fills to the quota before it starts (PRINTVAKT_QUOTA_JOBS jobs of theirs are held). */
export const QUOTA_HOLDER = "quota-holder";

/** A Print-Job of `user`'s, with a release PIN when `pin` is given. */
/** A Print-Job; give each of one person's jobs its own title, or a repeat is taken for a resend. */
export function printJobOf(user: string, pin?: string, title = "quota"): Buffer {
  const operation = [attr("requesting-user-name", name(user)), attr("job-name", name(title)), attr("document-format", mimeMediaType("application/pdf"))];
  if (pin !== undefined) operation.push(attr("job-password", octets(Buffer.from(pin))), attr("job-password-encryption", keyword("none")));
  return Buffer.concat([encoded(IppOperation.printJob, operation), PDF]);
}

/** Inputs with one exact expected answer each: the IPP status they must get. */
export const KNOWN_HOSTILE: ReadonlyArray<{ label: string; octets: Buffer; ippStatus: number }> = [
  { label: "the 32 octets that hang the ipp package", octets: IPP_PACKAGE_HANG_32_OCTETS, ippStatus: 0x0409 },
  { label: "the same with request-id 0xFFFFFFFF", octets: Buffer.concat([IPP_PACKAGE_HANG_32_OCTETS.subarray(0, 4), Buffer.from("ffffffff", "hex"), IPP_PACKAGE_HANG_32_OCTETS.subarray(8)]), ippStatus: 0x0409 },
  { label: "version 9.0", octets: Buffer.concat([Buffer.of(9, 0), GET_PRINTER_ATTRIBUTES.subarray(2)]), ippStatus: 0x0503 },
  { label: "request-id 0", octets: Buffer.concat([GET_PRINTER_ATTRIBUTES.subarray(0, 4), int32(0), GET_PRINTER_ATTRIBUTES.subarray(8)]), ippStatus: 0x0400 },
  { label: "nesting 5,000 deep", octets: nestedRequest(5_000), ippStatus: 0x0400 },
  // Refused for the quota: must not first spend argon2id's ~100 ms on hashing a PIN it will not keep.
  { label: "a Print-Job with a PIN from someone over quota", octets: printJobOf(QUOTA_HOLDER, "4711"), ippStatus: 0x0404 },
];
