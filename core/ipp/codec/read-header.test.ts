// Specification of readIppHeader: any chunking works, the document is streamed, never buffered.
import { createHash } from "node:crypto";
import { PassThrough, Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { IppDecodeError } from "./decode-error.js";
import { encodeIppMessage } from "./encode.js";
import { HeaderBuffer, readIppHeader } from "./read-header.js";
import { samplePrintJobHeader, samplePrintJobRequest } from "../../../test/support/ipp/sample-messages.js";
import { GroupTag, ValueTag } from "./tags.js";
import { attr, jobGroup, keyword } from "./values.js";
import { envelope, field, operationPreamble, wire } from "../../../test/support/ipp/wire-builder.js";

const header = samplePrintJobHeader();
const documentData = Buffer.from(Array.from({ length: 10_000 }, (_, index) => (index * 31) & 0xff));

async function* inChunks(octets: Buffer, sizes: (index: number) => number): AsyncGenerator<Buffer> {
  let offset = 0;
  for (let index = 0; offset < octets.length; index += 1) {
    const size = Math.max(1, sizes(index));
    yield octets.subarray(offset, offset + size);
    offset += size;
  }
}

async function readAll(body: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of body) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

async function refusal(promise: Promise<unknown>): Promise<IppDecodeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IppDecodeError);
    return error as IppDecodeError;
  }
  throw new Error("expected readIppHeader to reject");
}

describe("chunking", () => {
  test("delivered one octet at a time, the header decodes and the document octets follow exactly", async () => {
    const { message, body } = await readIppHeader(inChunks(Buffer.concat([header, documentData]), () => 1));
    expect(message).toEqual(samplePrintJobRequest());
    expect(await readAll(body)).toEqual(documentData);
  });

  test("any chunking gives the same message and the same document octets", async () => {
    const shortDocument = documentData.subarray(0, 1_500);
    const whole = Buffer.concat([header, shortDocument]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 800 }), { minLength: 1, maxLength: 40 }), async (sizes) => {
        const { message, body } = await readIppHeader(inChunks(whole, (index) => sizes[index % sizes.length] as number));
        expect(message).toEqual(samplePrintJobRequest());
        expect(await readAll(body)).toEqual(shortDocument);
      }),
      { numRuns: 200 },
    );
  });

  test("a node Readable (as an HTTP request is) works as a source", async () => {
    const source = new PassThrough();
    source.write(header.subarray(0, 100));
    source.write(Buffer.concat([header.subarray(100), documentData.subarray(0, 10)]));
    source.end(documentData.subarray(10));
    const { message, body } = await readIppHeader(source);
    expect(message.code).toBe(0x0002);
    expect(await readAll(body)).toEqual(documentData);
  });

  test("one chunk holding the header and a large document: the document arrives intact", async () => {
    const largeDocument = Buffer.alloc(3 * 1024 * 1024, 0x5a);
    const { body } = await readIppHeader(Readable.from([Buffer.concat([header, largeDocument])]), { maxHeaderBytes: header.length + 100 });
    expect((await readAll(body)).equals(largeDocument)).toBe(true);
  });

  test("a request without document data gives an empty body", async () => {
    const { body } = await readIppHeader(Readable.from([header]));
    expect(await readAll(body)).toEqual(Buffer.alloc(0));
  });

  test("a 200 kB header delivered one octet at a time, with and without a document after it", async () => {
    const attributes = Array.from({ length: 4_000 }, (_, index) => attr(`x-vendor-${index}`, keyword("some-long-keyword-value-here-and-there")));
    const bigHeader = encodeIppMessage({ ...samplePrintJobRequest(), groups: [samplePrintJobRequest().groups[0] as never, jobGroup(attributes)] });
    expect(bigHeader.length).toBeGreaterThan(200_000);
    const withDocument = await readIppHeader(inChunks(Buffer.concat([bigHeader, documentData]), () => 1));
    expect(withDocument.message.groups[1]?.attributes).toHaveLength(4_000);
    expect(await readAll(withDocument.body)).toEqual(documentData);
    const alone = await readIppHeader(inChunks(bigHeader, () => 1));
    expect(alone.message.groups[1]?.attributes).toHaveLength(4_000);
  });
});

describe("decode attempts stay logarithmic in the header size", () => {
  test("a 1 MiB header arriving one octet at a time, needing one more octet each time, costs at most 16 + log2 attempts", () => {
    const maxHeaderBytes = 1024 * 1024;
    const buffer = new HeaderBuffer(maxHeaderBytes);
    let attempts = 0;
    for (let received = 1; received <= maxHeaderBytes; received += 1) {
      buffer.push(Buffer.of(0));
      if (!buffer.attemptDue()) continue;
      attempts += 1;
      expect(buffer.forAttempt()).toHaveLength(received);
      buffer.stillNeeds(received + 1);
    }
    expect(attempts).toBeGreaterThan(16);
    expect(attempts).toBeLessThanOrEqual(16 + 20 + 1);
  });

  test("the window never holds more than maxHeaderBytes; octets past it are handed on as they came", () => {
    const buffer = new HeaderBuffer(10);
    const big = Buffer.from("0123456789abcdefghij");
    buffer.push(Buffer.from("xyz"));
    buffer.push(big);
    expect(buffer.length).toBe(10);
    expect(buffer.forAttempt()).toEqual(Buffer.from("xyz0123456"));
    expect(Buffer.concat(buffer.after(4))).toEqual(Buffer.from("123456789abcdefghij"));
    expect(buffer.after(4)[1]?.buffer).toBe(big.buffer);
  });

  test("no attempt is made before the octets the decoder said it needs", () => {
    const buffer = new HeaderBuffer(1_000);
    buffer.push(Buffer.alloc(10));
    expect(buffer.attemptDue()).toBe(true);
    buffer.forAttempt();
    buffer.stillNeeds(500);
    buffer.push(Buffer.alloc(489));
    expect(buffer.attemptDue()).toBe(false);
    buffer.push(Buffer.alloc(1));
    expect(buffer.attemptDue()).toBe(true);
  });
});

describe("refusals", () => {
  test("a stream that ends inside the attribute section is truncated: client-error-bad-request", async () => {
    const error = await refusal(readIppHeader(inChunks(header.subarray(0, header.length - 1), () => 7)));
    expect(error.failure).toBe("truncated");
    expect(error.ippStatus).toBe(0x0400);
  });

  test("an empty stream is truncated", async () => {
    expect((await refusal(readIppHeader(Readable.from([])))).failure).toBe("truncated");
  });

  test("a stream that fails mid-header is reported as truncated, with the cause kept", async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield header.subarray(0, 50);
      throw new Error("ECONNRESET");
    }
    const error = await refusal(readIppHeader(failing()));
    expect(error.failure).toBe("truncated");
    expect((error.cause as Error).message).toBe("ECONNRESET");
  });

  test("a header that never ends is refused at maxHeaderBytes, without draining the source", async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Buffer> {
      yield wire(envelope(), operationPreamble(), GroupTag.job);
      for (let index = 0; ; index += 1) {
        pulled += 1;
        yield field(ValueTag.keyword, `x-${index}`, "y".repeat(1_000));
      }
    }
    const error = await refusal(readIppHeader(endless(), { maxHeaderBytes: 100_000 }));
    expect(error.failure).toBe("header-too-large");
    expect(error.ippStatus).toBe(0x0408);
    expect(pulled).toBeLessThanOrEqual(100);
  });

  test("a malformed header is refused and the source is left to its owner (not destroyed)", async () => {
    const source = new PassThrough();
    source.end(wire(envelope({ major: 9 }), operationPreamble(), GroupTag.endOfAttributes));
    expect((await refusal(readIppHeader(source))).ippStatus).toBe(0x0503);
    expect(source.destroyed).toBe(false);
  });

  test("chunks that are not bytes are a programming error, not a decode error", async () => {
    await expect(readIppHeader(Readable.from(["text"]) as never)).rejects.toMatchObject({ code: "internal" });
  });
});

describe("the document is streamed, not buffered", () => {
  const CHUNK = 64 * 1024;
  const CHUNKS = 1024; // 64 MiB

  test("a 64 MiB document: the header returns after the first chunks, then the body flows with backpressure", async () => {
    let produced = 0;
    const producedHash = createHash("sha256");
    async function* client(): AsyncGenerator<Buffer> {
      const firstDocumentOctets = Buffer.alloc(1_000, 0x25);
      producedHash.update(firstDocumentOctets);
      produced += 1;
      yield Buffer.concat([header, firstDocumentOctets]);
      for (let index = 0; index < CHUNKS; index += 1) {
        const chunk = Buffer.alloc(CHUNK, index & 0xff);
        producedHash.update(chunk);
        produced += 1;
        yield chunk;
      }
    }

    const { message, body } = await readIppHeader(client());
    expect(message.requestId).toBe(1);
    expect(produced).toBeLessThanOrEqual(2);

    const consumedHash = createHash("sha256");
    let consumedOctets = 0;
    let consumedChunks = 0;
    let largestLead = 0;
    for await (const piece of body) {
      consumedHash.update(piece as Buffer);
      consumedOctets += (piece as Buffer).length;
      consumedChunks += 1;
      largestLead = Math.max(largestLead, produced - consumedChunks);
      // Give the producer every chance to run ahead; backpressure must stop it.
      if (consumedChunks % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    expect(consumedOctets).toBe(1_000 + CHUNK * CHUNKS);
    expect(consumedHash.digest("hex")).toBe(producedHash.digest("hex"));
    expect(largestLead).toBeLessThanOrEqual(3);
  });

  test("while nobody reads the body, the source is not pulled further", async () => {
    let produced = 0;
    async function* client(): AsyncGenerator<Buffer> {
      yield header;
      for (let index = 0; index < CHUNKS; index += 1) {
        produced += 1;
        yield Buffer.alloc(CHUNK);
      }
    }
    const { body } = await readIppHeader(client());
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(produced).toBeLessThanOrEqual(2);
    body.destroy();
  });

  test("destroying the body does not destroy the source: the HTTP layer still answers on it", async () => {
    const source = new PassThrough();
    source.write(Buffer.concat([header, documentData]));
    const { body } = await readIppHeader(source);
    body.destroy();
    await new Promise((resolve) => setImmediate(resolve));
    expect(source.destroyed).toBe(false);
  });
});
