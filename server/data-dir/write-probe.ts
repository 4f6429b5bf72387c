// Proves a directory can be written by creating, writing and removing a small file in it.
import { randomBytes } from "node:crypto";
import { open, unlink } from "node:fs/promises";
import path from "node:path";

/** The name every probe file starts with, so a crash mid-probe leaves a file nobody mistakes for data. */
export const PROBE_PREFIX = ".write-probe-";

/**
 * Throws the file system's error (EACCES, EROFS, ENOSPC) when `directory` cannot take a new file.
 * Mode bits alone do not tell: a read-only mount, an ACL or a full disk refuse as well, and root
 * ignores modes, so the probe writes for real. Not synced: /healthz runs it every second, and an
 * fsync behind a 2 GB upload could take seconds; the write itself is what a refusal shows in.
 */
export async function probeDirectoryWritable(directory: string): Promise<void> {
  const file = path.join(directory, `${PROBE_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}`);
  const handle = await open(file, "wx", 0o600);
  try {
    await handle.write(Buffer.of(0));
  } finally {
    await handle.close();
    await unlink(file);
  }
}
