// Secret files: read when only the owner may read them, refused otherwise, never quoted in errors.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readSecretFile } from "./secret-file.js";

let dir: string;
const SECRET = "s3cr3t-value-never-shown";

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "printvakt-secret-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function secretFile(name: string, content: string, mode: number): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, content);
  await chmod(file, mode);
  return file;
}

describe("readSecretFile", () => {
  test("a 0600 file gives its content without the trailing newline", async () => {
    expect(await readSecretFile(await secretFile("ok", `${SECRET}\n`, 0o600), "PRINTVAKT_X")).toBe(SECRET);
  });

  test("a file group or others can read is refused, naming the variable and the mode but not the secret", async () => {
    const file = await secretFile("open", SECRET, 0o644);
    const failure = readSecretFile(file, "PRINTVAKT_OIDC_CLIENT_SECRET_FILE");
    await expect(failure).rejects.toThrowError(/^PRINTVAKT_OIDC_CLIENT_SECRET_FILE: .* must not be accessible by group or others \(mode 644, want 600\)$/);
    await expect(failure).rejects.not.toThrowError(new RegExp(SECRET));
  });

  test("a missing or empty file is refused", async () => {
    await expect(readSecretFile(path.join(dir, "absent"), "PRINTVAKT_X")).rejects.toThrowError(/PRINTVAKT_X: cannot open .*ENOENT/);
    await expect(readSecretFile(await secretFile("empty", "\n", 0o600), "PRINTVAKT_X")).rejects.toThrowError(/is empty/);
  });
});
