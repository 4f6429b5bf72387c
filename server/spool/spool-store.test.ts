// Specification of the spool directory: only finished ciphertext stays on disk, whatever goes wrong.
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { newJobKey } from "./job-key.js";
import { SpoolStore } from "./spool-store.js";

const MiB = 1024 * 1024;
let root: string;
let directory: string;
let spool: SpoolStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "printvakt-spool-"));
  directory = join(root, "spool");
  spool = await SpoolStore.open(directory);
});
afterEach(async () => {
  await spool.close();
  await rm(root, { recursive: true, force: true });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** What the database answers the sweep: which of the ids it asks about still have a key. */
function keeping(live: string[]) {
  return async (spoolIds: string[]) => new Set(spoolIds.filter((spoolId) => live.includes(spoolId)));
}

async function failureOf(promise: Promise<unknown>): Promise<PrintvaktError> {
  const failure = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(failure).toBeInstanceOf(PrintvaktError);
  return failure as PrintvaktError;
}

/** A source that yields `pieces` and then fails, like a client that disconnects mid-upload. */
function failingSource(pieces: Buffer[]): Readable {
  return Readable.from(
    (async function* () {
      yield* pieces;
      throw new Error("client went away");
    })(),
  );
}

/** A source that yields `first` and then stalls until destroyed, like a client that stops sending. */
function stallingSource(first: Buffer): Readable {
  const source = new Readable({ read() {} });
  source.push(first);
  return source;
}

function sha256(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

describe("the spool directory", () => {
  test("is created readable by its owner only", async () => {
    expect((await stat(directory)).mode & 0o777).toBe(0o700);
  });

  test("is tightened to owner-only when it already exists with wider permissions", async () => {
    const existing = join(root, "wide");
    await mkdir(existing, { mode: 0o755 });
    await chmod(existing, 0o755);
    await SpoolStore.open(existing);
    expect((await stat(existing)).mode & 0o777).toBe(0o700);
  });
});

describe("writing a job", () => {
  test("stores a file that reads back as the same bytes, and reports size, head and hash", async () => {
    const jobKey = newJobKey();
    const document = randomBytes(3 * MiB + 17);
    const written = await spool.writeJob(Readable.from([document]), { jobKey, maxBytes: 10 * MiB });
    expect(written.spoolId).toMatch(/^[0-9a-f]{32}$/);
    expect(written.plaintextBytes).toBe(document.length);
    expect(written.head.equals(document.subarray(0, 64))).toBe(true);
    expect(written.sha256).toBe(sha256(document));
    expect((await readAll(spool.openJob(written.spoolId, jobKey))).equals(document)).toBe(true);
  });

  test("leaves exactly one file, named after the spool id, readable by its owner only", async () => {
    const written = await spool.writeJob(Readable.from([Buffer.from("%PDF-1.7\n")]), { jobKey: newJobKey(), maxBytes: 100 });
    expect(await readdir(directory)).toEqual([`${written.spoolId}.pvs`]);
    expect((await stat(join(directory, `${written.spoolId}.pvs`))).mode & 0o777).toBe(0o600);
  });

  test("an empty document is a valid job with an empty head", async () => {
    const jobKey = newJobKey();
    const written = await spool.writeJob(Readable.from([]), { jobKey, maxBytes: 0 });
    expect(written.plaintextBytes).toBe(0);
    expect(written.head.length).toBe(0);
    expect(written.sha256).toBe(sha256(Buffer.alloc(0)));
    expect((await readAll(spool.openJob(written.spoolId, jobKey))).length).toBe(0);
  });

  test("closing lets go of the directory, and a later write opens it again", async () => {
    await spool.writeJob(Readable.from([Buffer.from("%PDF-1.7\n")]), { jobKey: newJobKey(), maxBytes: 100 });
    await spool.close();
    await spool.close();
    const written = await spool.writeJob(Readable.from([Buffer.from("%PDF-1.7\n")]), { jobKey: newJobKey(), maxBytes: 100 });
    expect((await spool.listSpoolIds()).includes(written.spoolId)).toBe(true);
  });

  test("gives the same document a different spool id each time", async () => {
    const document = Buffer.from("same title, same bytes");
    const first = await spool.writeJob(Readable.from([document]), { jobKey: newJobKey(), maxBytes: 100 });
    const second = await spool.writeJob(Readable.from([document]), { jobKey: newJobKey(), maxBytes: 100 });
    expect(first.spoolId).not.toBe(second.spoolId);
  });

  test("stores no recognisable run of the plaintext", async () => {
    const pattern = Buffer.from("Personnummer 19121212-1212, missbruksutredning, sekretess enl OSL", "latin1").subarray(0, 64);
    expect(pattern.length).toBe(64);
    const document = Buffer.concat(Array.from({ length: 40_000 }, () => pattern));
    const written = await spool.writeJob(Readable.from([document]), { jobKey: newJobKey(), maxBytes: document.length });
    const stored = await readFile(join(directory, `${written.spoolId}.pvs`));
    expect(stored.length).toBeGreaterThan(document.length);
    for (let start = 0; start + 16 <= pattern.length; start++) {
      expect(stored.includes(pattern.subarray(start, start + 16))).toBe(false);
    }
  });

  test("accepts a document of exactly maxBytes", async () => {
    const written = await spool.writeJob(Readable.from([randomBytes(1000)]), { jobKey: newJobKey(), maxBytes: 1000 });
    expect(written.plaintextBytes).toBe(1000);
  });
});

describe("a failed write leaves nothing behind", () => {
  test("when the source fails halfway", async () => {
    const source = failingSource([randomBytes(MiB), randomBytes(MiB), randomBytes(MiB)]);
    await failureOf(spool.writeJob(source, { jobKey: newJobKey(), maxBytes: 100 * MiB }));
    expect(await readdir(directory)).toEqual([]);
  });

  test("when the document is larger than maxBytes: too-large", async () => {
    const source = Readable.from(Array.from({ length: 5 }, () => randomBytes(MiB)));
    const failure = await failureOf(spool.writeJob(source, { jobKey: newJobKey(), maxBytes: 2 * MiB + 1 }));
    expect(failure.code).toBe("too-large");
    expect(await readdir(directory)).toEqual([]);
  });

  test("when maxBytes is exceeded by a single byte", async () => {
    const failure = await failureOf(spool.writeJob(Readable.from([randomBytes(1001)]), { jobKey: newJobKey(), maxBytes: 1000 }));
    expect(failure.code).toBe("too-large");
    expect(await readdir(directory)).toEqual([]);
  });

  test("when the caller aborts mid-upload", async () => {
    const controller = new AbortController();
    const source = stallingSource(randomBytes(2 * MiB));
    const writing = spool.writeJob(source, { jobKey: newJobKey(), maxBytes: 100 * MiB, signal: controller.signal });
    // Let the first bytes reach the disk, so the abort hits a write in progress.
    while (!(await readdir(directory)).some((name) => name.endsWith(".part"))) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const failure = await failureOf(writing);
    expect(failure.code).toBe("timeout");
    expect(await readdir(directory)).toEqual([]);
    expect(source.destroyed).toBe(true);
  });

  test("when the caller aborts a large upload whose data is being synced on the way", async () => {
    const controller = new AbortController();
    // Past the writer's background-sync interval (8 MiB), so the abort can meet a sync under way.
    const source = stallingSource(randomBytes(20 * MiB));
    const writing = spool.writeJob(source, { jobKey: newJobKey(), maxBytes: 100 * MiB, signal: controller.signal });
    const partial = async () => (await readdir(directory)).find((name) => name.endsWith(".part"));
    for (let name = await partial(); name === undefined || (await stat(join(directory, name))).size < 10 * MiB; name = await partial()) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    controller.abort();
    const failure = await failureOf(writing);
    expect(failure.code).toBe("timeout");
    expect(await readdir(directory)).toEqual([]);
  });

  test("when the signal is already aborted, and the caller's reason is kept when it is ours", async () => {
    const reason = new PrintvaktError("too-many", "server is shutting down");
    const failure = await failureOf(
      spool.writeJob(Readable.from([Buffer.from("x")]), { jobKey: newJobKey(), maxBytes: 10, signal: AbortSignal.abort(reason) }),
    );
    expect(failure).toBe(reason);
    expect(await readdir(directory)).toEqual([]);
  });
});

describe("reading a job", () => {
  test("with the wrong job key fails without emitting plaintext", async () => {
    const written = await spool.writeJob(Readable.from([Buffer.from("secret")]), { jobKey: newJobKey(), maxBytes: 100 });
    const emitted: Buffer[] = [];
    const stream = spool.openJob(written.spoolId, newJobKey());
    stream.on("data", (chunk: Buffer) => emitted.push(chunk));
    const failure = await failureOf(new Promise((resolve, reject) => stream.on("end", resolve).on("error", reject)));
    expect(failure.code).toBe("internal");
    expect(emitted).toEqual([]);
  });

  test("fails when the file on disk was altered", async () => {
    const jobKey = newJobKey();
    const written = await spool.writeJob(Readable.from([randomBytes(5000)]), { jobKey, maxBytes: 10_000 });
    const path = join(directory, `${written.spoolId}.pvs`);
    const stored = await readFile(path);
    stored[100] = (stored[100] as number) ^ 1;
    await writeFile(path, stored);
    await failureOf(readAll(spool.openJob(written.spoolId, jobKey)));
  });

  test("of a missing job fails with not-found", async () => {
    const failure = await failureOf(readAll(spool.openJob("0".repeat(32), newJobKey())));
    expect(failure.code).toBe("not-found");
  });

  test("refuses spool ids that could name another path", () => {
    for (const spoolId of ["../../etc/passwd", "0".repeat(31), "0".repeat(33), "A".repeat(32), `${"0".repeat(31)}/`, ""]) {
      expect(() => spool.openJob(spoolId, newJobKey())).toThrow(PrintvaktError);
    }
  });
});

describe("removing jobs", () => {
  test("removes the file, and removing it again is fine", async () => {
    const written = await spool.writeJob(Readable.from([Buffer.from("x")]), { jobKey: newJobKey(), maxBytes: 10 });
    await spool.removeJob(written.spoolId);
    expect(await readdir(directory)).toEqual([]);
    await spool.removeJob(written.spoolId);
  });

  test("refuses a malformed spool id", async () => {
    await failureOf(spool.removeJob("../spool"));
  });

  test("lists only finished jobs", async () => {
    const first = await spool.writeJob(Readable.from([Buffer.from("a")]), { jobKey: newJobKey(), maxBytes: 10 });
    const second = await spool.writeJob(Readable.from([Buffer.from("b")]), { jobKey: newJobKey(), maxBytes: 10 });
    await writeFile(join(directory, `${"1".repeat(32)}.part`), "left by a crash");
    await writeFile(join(directory, "notes.txt"), "not ours");
    expect(await spool.listSpoolIds()).toEqual([first.spoolId, second.spoolId].sort());
  });

  test("the startup sweep removes crash leftovers and jobs that no longer exist, and nothing else", async () => {
    const kept = await spool.writeJob(Readable.from([Buffer.from("kept")]), { jobKey: newJobKey(), maxBytes: 10 });
    const orphan = await spool.writeJob(Readable.from([Buffer.from("orphan")]), { jobKey: newJobKey(), maxBytes: 10 });
    const leftover = `${"2".repeat(32)}.part`;
    await writeFile(join(directory, leftover), "left by a crash");
    await writeFile(join(directory, "notes.txt"), "not ours");
    const removed = await spool.removeOrphans(keeping([kept.spoolId]));
    expect(removed).toEqual([leftover, `${orphan.spoolId}.pvs`].sort());
    expect((await readdir(directory)).sort()).toEqual([`${kept.spoolId}.pvs`, "notes.txt"].sort());
  });

  test("the sweep asks about a page of ids at a time, each id once, and keeps exactly the live ones", async () => {
    const names = Array.from({ length: 1_201 }, (_, index) => index.toString(16).padStart(32, "0"));
    for (const spoolId of names) await writeFile(join(directory, `${spoolId}.pvs`), "x");
    const live = names.filter((_, index) => index % 3 === 0);
    const asked: string[][] = [];
    const liveAmong = keeping(live);
    const removed = await spool.removeOrphans(async (spoolIds) => {
      asked.push(spoolIds);
      return liveAmong(spoolIds);
    });
    expect(Math.max(...asked.map((page) => page.length))).toBe(250);
    expect(asked.flat().sort()).toEqual(names);
    expect(removed).toEqual(names.filter((_, index) => index % 3 !== 0).map((spoolId) => `${spoolId}.pvs`));
    expect(await spool.listSpoolIds()).toEqual(live);
  });

  test("the sweep leaves young files alone when asked to", async () => {
    const orphan = await spool.writeJob(Readable.from([Buffer.from("orphan")]), { jobKey: newJobKey(), maxBytes: 10 });
    expect(await spool.removeOrphans(keeping([]), { minAgeMs: 3_600_000 })).toEqual([]);
    expect(await spool.listSpoolIds()).toEqual([orphan.spoolId]);
  });

  test("the sweep never removes a write in progress", async () => {
    const source = new Readable({ read() {} });
    source.push(randomBytes(MiB));
    const jobKey = newJobKey();
    const writing = spool.writeJob(source, { jobKey, maxBytes: 10 * MiB });
    while (!(await readdir(directory)).some((name) => name.endsWith(".part"))) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await spool.removeOrphans(keeping([]))).toEqual([]);
    source.push(null);
    const written = await writing;
    expect(written.plaintextBytes).toBe(MiB);
    expect((await readAll(spool.openJob(written.spoolId, jobKey))).length).toBe(MiB);
  });
});

// Found by review: the directory handle kept for fsyncs was kept after a failed fsync too, and Linux
// reports a writeback error once per open file, so the next document's fsync could succeed on it
// while the entries were not durable.
test("after the directory's fsync fails, the next document's fsync goes through a newly opened handle", async () => {
  const probe = await open(directory, "r");
  const prototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
  await probe.close();
  const sync = prototype.sync;
  const callers: unknown[] = [];
  const failing = vi.spyOn(prototype, "sync").mockImplementation(function (this: unknown) {
    callers.push(this);
    // The second fsync of a write is the directory's (the file's own comes first, before its rename).
    if (callers.length === 2) return Promise.reject(Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" }));
    return sync.call(this);
  });
  try {
    const write = () => spool.writeJob(Readable.from([Buffer.from("%PDF-1.4\n")]), { jobKey: newJobKey(), maxBytes: MiB });
    await expect(write()).rejects.toThrow();
    await write();
    expect(callers).toHaveLength(4);
    expect(callers[3]).not.toBe(callers[1]);
  } finally {
    failing.mockRestore();
  }
});
