// Specification of the spool file format: round trips, and every kind of tampering it must catch.
import { createCipheriv, randomBytes } from "node:crypto";
import { Readable, type Transform } from "node:stream";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { createDecryptStream, createEncryptStream, DEFAULT_CHUNK_BYTES, HEADER_BYTES, SpoolEncryptor, TAG_BYTES } from "./chunked-cipher.js";
import { deriveJobSubkey, newJobKey } from "./job-key.js";

const MiB = 1024 * 1024;

/** Feeds `pieces` through `stream` and returns everything it emitted (or the error and what came before it). */
async function run(stream: Transform, pieces: Buffer[]): Promise<{ output: Buffer; error?: unknown }> {
  // Listening to "data" rather than async-iterating: iteration drops what was emitted just before an error.
  const emitted: Buffer[] = [];
  return new Promise((resolve) => {
    stream.on("data", (chunk: Buffer) => emitted.push(chunk));
    stream.on("end", () => resolve({ output: Buffer.concat(emitted) }));
    stream.on("error", (error) => resolve({ output: Buffer.concat(emitted), error }));
    Readable.from(pieces).pipe(stream);
  });
}

async function encrypt(jobKey: Buffer, plaintext: Buffer, chunkSize?: number): Promise<Buffer> {
  const { output, error } = await run(createEncryptStream(jobKey, { chunkSize }), [plaintext]);
  if (error) throw error;
  return output;
}

async function decrypt(jobKey: Buffer, file: Buffer, pieceSize = 64 * 1024): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < file.length; offset += pieceSize) pieces.push(file.subarray(offset, offset + pieceSize));
  const { output, error } = await run(createDecryptStream(jobKey), pieces);
  if (error) throw error;
  return output;
}

async function decryptFailure(jobKey: Buffer, file: Buffer): Promise<PrintvaktError> {
  const failure = await decrypt(jobKey, file).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(PrintvaktError);
  return failure as PrintvaktError;
}

function reasonOf(error: PrintvaktError): unknown {
  return error.details?.reason;
}

/** Byte ranges of each record, for tests that cut and reorder them. */
function records(file: Buffer, chunkSize: number): Buffer[] {
  const result: Buffer[] = [];
  for (let offset = HEADER_BYTES; offset < file.length; offset += chunkSize + TAG_BYTES) {
    result.push(file.subarray(offset, offset + chunkSize + TAG_BYTES));
  }
  return result;
}

function flipped(file: Buffer, position: number): Buffer {
  const copy = Buffer.from(file);
  copy[position] = (copy[position] as number) ^ 0x01;
  return copy;
}

describe("round trips with the default 1 MiB chunk", () => {
  const sizes: Array<[string, number]> = [
    ["an empty document", 0],
    ["one byte", 1],
    ["exactly one chunk", DEFAULT_CHUNK_BYTES],
    ["one chunk and one byte", DEFAULT_CHUNK_BYTES + 1],
    ["several MiB of random data", 5 * MiB + 123],
  ];
  for (const [name, size] of sizes) {
    test(`${name} (${size} bytes) comes back byte for byte`, async () => {
      const jobKey = newJobKey();
      const plaintext = randomBytes(size);
      const file = await encrypt(jobKey, plaintext);
      const recordCount = Math.max(1, Math.ceil(size / DEFAULT_CHUNK_BYTES));
      expect(file.length).toBe(HEADER_BYTES + size + recordCount * TAG_BYTES);
      expect((await decrypt(jobKey, file)).equals(plaintext)).toBe(true);
    });
  }

  test("an empty document is still one final record, so an empty file is not a valid empty document", async () => {
    const jobKey = newJobKey();
    expect((await encrypt(jobKey, Buffer.alloc(0))).length).toBe(HEADER_BYTES + TAG_BYTES);
    expect(reasonOf(await decryptFailure(jobKey, Buffer.alloc(0)))).toBe("truncated");
  });

  test("the header starts with the magic and records the chunk size", async () => {
    const file = await encrypt(newJobKey(), Buffer.from("x"), 4096);
    expect(file.subarray(0, 8).toString("ascii")).toBe("PVSPOOL1");
    expect(file[8]).toBe(1);
    expect(file.readUInt32BE(9)).toBe(4096);
  });

  test("two encryptions of the same document under the same key differ (random nonce prefix)", async () => {
    const jobKey = newJobKey();
    const plaintext = Buffer.alloc(100, 7);
    expect((await encrypt(jobKey, plaintext)).equals(await encrypt(jobKey, plaintext))).toBe(false);
  });
});

describe("round trips for any chunk size and any way the input is cut", () => {
  test("decrypt(encrypt(x)) = x", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 700 }),
        fc.integer({ min: 1, max: 200 }),
        fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 5 }),
        async (bytes, chunkSize, cuts) => {
          const jobKey = newJobKey();
          const plaintext = Buffer.from(bytes);
          const pieces: Buffer[] = [];
          let offset = 0;
          for (let index = 0; offset < plaintext.length; index++) {
            const size = cuts[index % cuts.length] as number;
            pieces.push(plaintext.subarray(offset, offset + size));
            offset += size;
          }
          const encrypted = await run(createEncryptStream(jobKey, { chunkSize }), pieces);
          expect(encrypted.error).toBeUndefined();
          expect((await decrypt(jobKey, encrypted.output, cuts[0])).equals(plaintext)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("tampering is detected", () => {
  const chunkSize = 32;
  const plaintext = Buffer.from("Journalanteckning 19121212-1212: ".repeat(5)); // 165 bytes: 5 full records and 1 short
  let jobKey: Buffer;
  let file: Buffer;

  async function freshFile(): Promise<void> {
    jobKey = newJobKey();
    file = await encrypt(jobKey, plaintext, chunkSize);
  }

  test("a flipped byte in a record's ciphertext", async () => {
    await freshFile();
    expect(reasonOf(await decryptFailure(jobKey, flipped(file, HEADER_BYTES + (chunkSize + TAG_BYTES) + 3)))).toBe("authentication-failed");
  });

  test("a flipped byte in a record's tag", async () => {
    await freshFile();
    expect(reasonOf(await decryptFailure(jobKey, flipped(file, HEADER_BYTES + chunkSize + 5)))).toBe("authentication-failed");
  });

  test("a flipped bit anywhere in the header, byte by byte", async () => {
    await freshFile();
    for (let position = 0; position < HEADER_BYTES; position++) {
      await decryptFailure(jobKey, flipped(file, position));
    }
  });

  test("a flipped bit anywhere in the file, byte by byte", async () => {
    await freshFile();
    for (let position = 0; position < file.length; position++) {
      await decryptFailure(jobKey, flipped(file, position));
    }
  });

  test("truncation at a record boundary", async () => {
    await freshFile();
    const withoutLastRecord = file.subarray(0, HEADER_BYTES + 5 * (chunkSize + TAG_BYTES));
    expect(reasonOf(await decryptFailure(jobKey, withoutLastRecord))).toBe("truncated");
    const withoutTwoRecords = file.subarray(0, HEADER_BYTES + 4 * (chunkSize + TAG_BYTES));
    expect(reasonOf(await decryptFailure(jobKey, withoutTwoRecords))).toBe("truncated");
  });

  test("truncation in the middle of a record, inside the header, and to the bare header", async () => {
    await freshFile();
    await decryptFailure(jobKey, file.subarray(0, HEADER_BYTES + 2 * (chunkSize + TAG_BYTES) + 10));
    expect(reasonOf(await decryptFailure(jobKey, file.subarray(0, HEADER_BYTES - 1)))).toBe("truncated");
    expect(reasonOf(await decryptFailure(jobKey, file.subarray(0, HEADER_BYTES)))).toBe("truncated");
  });

  test("two records swapped", async () => {
    await freshFile();
    const [r0, r1, ...rest] = records(file, chunkSize) as [Buffer, Buffer, ...Buffer[]];
    const swapped = Buffer.concat([file.subarray(0, HEADER_BYTES), r1, r0, ...rest]);
    expect(swapped.length).toBe(file.length);
    expect(reasonOf(await decryptFailure(jobKey, swapped))).toBe("authentication-failed");
  });

  test("a record dropped from the middle", async () => {
    await freshFile();
    const all = records(file, chunkSize);
    await decryptFailure(jobKey, Buffer.concat([file.subarray(0, HEADER_BYTES), ...all.slice(0, 2), ...all.slice(3)]));
  });

  test("a record appended after the final one, and stray bytes appended", async () => {
    await freshFile();
    const all = records(file, chunkSize);
    expect(reasonOf(await decryptFailure(jobKey, Buffer.concat([file, all[0] as Buffer])))).toBe("authentication-failed");
    await decryptFailure(jobKey, Buffer.concat([file, Buffer.from("extra")]));
    // Appended to a file whose last record is full, the old final record now sits before more data.
    const full = await encrypt(jobKey, Buffer.alloc(2 * chunkSize, 1), chunkSize);
    const fullRecords = records(full, chunkSize);
    expect(reasonOf(await decryptFailure(jobKey, Buffer.concat([full, fullRecords[1] as Buffer])))).toBe("trailing-data");
  });

  test("a record taken from another file under the same key", async () => {
    await freshFile();
    const other = await encrypt(jobKey, Buffer.alloc(plaintext.length, 0x41), chunkSize);
    const all = records(file, chunkSize);
    const foreign = records(other, chunkSize)[1] as Buffer;
    await decryptFailure(jobKey, Buffer.concat([file.subarray(0, HEADER_BYTES), all[0] as Buffer, foreign, ...all.slice(2)]));
  });

  test("the wrong job key", async () => {
    await freshFile();
    expect(reasonOf(await decryptFailure(newJobKey(), file))).toBe("authentication-failed");
  });

  test("a header that declares an absurd chunk size is refused before anything is buffered", async () => {
    await freshFile();
    const huge = Buffer.from(file);
    huge.writeUInt32BE(0xffffffff, 9);
    expect(reasonOf(await decryptFailure(jobKey, huge))).toBe("malformed");
  });

  test("plaintext is emitted only for the records that verified before the tampered one", async () => {
    await freshFile();
    const tampered = flipped(file, HEADER_BYTES + 2 * (chunkSize + TAG_BYTES) + 1);
    const { output, error } = await run(createDecryptStream(jobKey), [tampered]);
    expect(error).toBeInstanceOf(PrintvaktError);
    expect(output.equals(plaintext.subarray(0, 2 * chunkSize))).toBe(true);
  });
});

describe("the bytes written do not depend on how the input was cut", () => {
  /** The file as the format notes define it, record by record from whole chunks, with the header the stream chose. */
  function referenceFile(jobKey: Buffer, header: Buffer, plaintext: Buffer, chunkSize: number): Buffer {
    const key = deriveJobSubkey(jobKey, "spool-file");
    const parts = [header];
    const count = Math.max(1, Math.ceil(plaintext.length / chunkSize));
    for (let index = 0; index < count; index += 1) {
      const counter = Buffer.alloc(4);
      counter.writeUInt32BE(index);
      const cipher = createCipheriv("aes-256-gcm", key, Buffer.concat([header.subarray(HEADER_BYTES - 8), counter]));
      cipher.setAAD(Buffer.concat([header, counter, Buffer.of(index === count - 1 ? 1 : 0)]));
      parts.push(cipher.update(plaintext.subarray(index * chunkSize, (index + 1) * chunkSize)), cipher.final(), cipher.getAuthTag());
    }
    return Buffer.concat(parts);
  }

  test("a record sealed from many small pieces is exactly the record of the joined chunk", async () => {
    const jobKey = newJobKey();
    const chunkSize = 1000;
    const plaintext = randomBytes(3 * chunkSize + 17);
    // Pieces that straddle record boundaries and never line up with them (as HTTP delivers a body).
    const pieces: Buffer[] = [];
    for (let offset = 0, size = 1; offset < plaintext.length; offset += size, size = (size * 7) % 389 + 1) pieces.push(plaintext.subarray(offset, offset + size));
    const { output, error } = await run(createEncryptStream(jobKey, { chunkSize }), pieces);
    expect(error).toBeUndefined();
    expect(output.equals(referenceFile(jobKey, output.subarray(0, HEADER_BYTES), plaintext, chunkSize))).toBe(true);
  });

  test("an empty document is the header and one tag over nothing", async () => {
    const jobKey = newJobKey();
    const { output } = await run(createEncryptStream(jobKey, { chunkSize: 64 }), []);
    expect(output.equals(referenceFile(jobKey, output.subarray(0, HEADER_BYTES), Buffer.alloc(0), 64))).toBe(true);
  });
});

// Found by review: a record made of very many small pieces (an upload in one-octet chunks) was
// spread into push(...) as arguments, past what a call can take (RangeError), and the upload failed.
test("a record made of 300,000 one-octet pieces is sealed and decrypts to them", async () => {
  const jobKey = newJobKey();
  const encryptor = new SpoolEncryptor(jobKey, { chunkSize: 300_000 });
  const plaintext = randomBytes(300_001);
  const ciphertext: Buffer[] = [];
  for (let index = 0; index < plaintext.length; index++) for (const piece of encryptor.push(plaintext.subarray(index, index + 1))) ciphertext.push(piece);
  for (const piece of encryptor.finish()) ciphertext.push(piece);
  const decrypted: Buffer[] = [];
  for await (const chunk of Readable.from([Buffer.concat(ciphertext)]).pipe(createDecryptStream(jobKey))) decrypted.push(chunk as Buffer);
  expect(Buffer.concat(decrypted).equals(plaintext)).toBe(true);
});
