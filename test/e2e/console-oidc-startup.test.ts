// Startup with OpenID Connect configured: a client secret file others can read stops `printvakt serve`
// with a message naming the variable (and not the secret).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startPrintvaktServer } from "../support/printvakt-server.js";

const SECRET = "readable-secret-that-must-not-be-printed";
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "printvakt-oidc-start-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test("a client secret file with mode 0644 refuses start, naming the variable and not the secret", async () => {
  const secretFile = path.join(dir, "client-secret");
  await writeFile(secretFile, SECRET);
  await chmod(secretFile, 0o644);
  const starting = startPrintvaktServer({
    PRINTVAKT_DATA_DIR: path.join(dir, "data"),
    PRINTVAKT_OIDC_ISSUER: "https://login.example.org",
    PRINTVAKT_OIDC_CLIENT_ID: "printvakt",
    PRINTVAKT_OIDC_CLIENT_SECRET_FILE: secretFile,
    PRINTVAKT_OIDC_REDIRECT_URI: "https://print.example.org/api/login/oidc/callback",
    PRINTVAKT_OIDC_ADMIN_ROLE: "printvakt-admins",
  });
  const failure = await starting.then(
    async (server) => {
      await server.stop();
      return "started";
    },
    (error: Error) => error.message,
  );
  expect(failure).toMatch(/exited early .*"code":[1-9].*PRINTVAKT_OIDC_CLIENT_SECRET_FILE: .* must not be accessible by group or others \(mode 644, want 600\)/s);
  expect(failure).not.toContain(SECRET);
}, 30_000);
