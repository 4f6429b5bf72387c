// `printvakt kiosk-agent` without a server: --dry-run output, --help, and one-line refusals of bad options.
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runPrintvakt } from "../support/printvakt-cli.js";

const agent = (args: string[], input?: string) => runPrintvakt(["kiosk-agent", ...args], { input });
const token = "Zq3xv0bT1n2Y4u5W6r7S8t9U0v1W2x3Y4z5A6b7C8d9";

let directory: string;
let goodTokenFile: string;
let openTokenFile: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), "printvakt-agent-options-"));
  goodTokenFile = path.join(directory, "good.token");
  await writeFile(goodTokenFile, `${token}\n`);
  await chmod(goodTokenFile, 0o600);
  openTokenFile = path.join(directory, "open.token");
  await writeFile(openTokenFile, `${token}\n`);
  await chmod(openTokenFile, 0o644);
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe("--dry-run", () => {
  test("prints the normalized card number: reverse-bytes|hex2dec turns 1c78f2bf into 3220338716", async () => {
    const result = await agent(["--dry-run", "--reader", "stdin", "--card-format", "reverse-bytes|hex2dec"], "1c78f2bf\n");
    expect(result.stdout).toBe("3220338716\n");
    expect(result.code).toBe(0);
  });

  test("a read the pipeline rejects is dropped with a logged reason; the next read still prints", async () => {
    const result = await agent(["--dry-run", "--reader", "stdin", "--card-format", "reverse-bytes|hex2dec"], "12G4\n946EBD28\n");
    expect(result.stdout).toBe("683503252\n");
    const logs = result.stderr.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logs).toContainEqual(expect.objectContaining({ reason: "malformed", msg: expect.stringContaining('step 1 "reverse-bytes" rejected the read') }));
    expect(result.stderr).not.toMatch(/12G4|946EBD28|683503252/);
    expect(result.code).toBe(0);
  });

  test("a token on the command line is warned about", async () => {
    const result = await agent(["--dry-run", "--reader", "stdin", "--token", token], "");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("the token was given with --token and is visible in the process list; prefer --token-file");
    expect(result.stderr).not.toContain(token);
  });
});

test("--help describes every option", async () => {
  const result = await agent(["--help"]);
  expect(result.code).toBe(0);
  for (const option of ["--server", "--token-file", "--token", "--reader", "--card-format", "--card-shape", "--dry-run", "--hid-backend", "--log-level", "reverse-bytes", "wiegand"]) {
    expect(result.stdout).toContain(option);
  }
});

describe("bad options stop the agent with one line", () => {
  test.each<[string, () => string[], string | (() => string)]>([
    ["a server that is not a URL", () => ["--server", "print.example.org", "--token-file", goodTokenFile], `printvakt: --server must be the server's http:// or https:// URL (e.g. https://print.example.org:8631), got "print.example.org"\n`],
    ["an unknown card-format step", () => ["--server", "http://127.0.0.1:8631", "--token-file", goodTokenFile, "--card-format", "reverse-bytes|frobnicate"], 'printvakt: --card-format: card format step 2 "frobnicate": unknown step "frobnicate"\n'],
    ["no token", () => ["--server", "http://127.0.0.1:8631", "--reader", "stdin"], "printvakt: --token-file (preferred) or --token is required: the kiosk's token from `printvakt kiosk add`\n"],
    ["a bad reader", () => ["--dry-run", "--reader", "hid:0c27"], 'printvakt: --reader must be "stdin", "hid", or "hid:VID:PID" with four hex digits each (e.g. hid:0c27:3bfa), got "hid:0c27"\n'],
    ["a token file others can read", () => ["--server", "http://127.0.0.1:8631", "--token-file", openTokenFile], () => `printvakt: --token-file ${openTokenFile} has mode 0644: group and others must have no access to a token file (chmod 600 ${openTokenFile})\n`],
    ["both --token and --token-file", () => ["--server", "http://127.0.0.1:8631", "--token-file", goodTokenFile, "--token", token], "printvakt: give either --token or --token-file, not both\n"],
    ["an unknown option", () => ["--dry-run", "--reader", "stdin", "--verbose"], "error: unknown option '--verbose'\n"],
  ])("%s", async (_name, args, line) => {
    const result = await agent(args(), "1c78f2bf\n");
    expect(result.stderr).toBe(typeof line === "function" ? line() : line);
    expect(result.stdout).toBe("");
    expect(result.code).toBe(1);
  });
});
