// The admin CLI round trips against a real data directory, and refuses bad input cleanly.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { tokenHash } from "../../server/identity/secrets.js";
import { openDatabase } from "../../server/store/database.js";
import { findKioskByCredential } from "../../server/store/kiosks.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { countAudit } from "../../server/store/audit-log.js";
import { onDatabaseFile } from "../support/database-rows.js";

let dataDir: string;
let env: Record<string, string>;
const cli = (args: string[], input?: string) => runPrintvakt(args, { env, input });

async function auditCount(): Promise<number> {
  const db = await openDatabase(`file:${path.join(dataDir, "printvakt.db")}`);
  try {
    return await countAudit(db);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "printvakt-cli-"));
  env = { PRINTVAKT_DATA_DIR: dataDir };
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("printvakt admin CLI", () => {
  test("--help describes every command and the environment", async () => {
    const result = await cli(["--help"]);
    expect(result.code).toBe(0);
    for (const word of ["serve", "printer", "kiosk", "user", "admin", "db", "PRINTVAKT_PORT", "PRINTVAKT_HOLD_TIME", "DATABASE_URL"]) expect(result.stdout).toContain(word);
    const sub = await cli(["kiosk", "add", "--help"]);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--release-on-badge");
  });

  test("db migrate creates the data directory and is then a no-op", async () => {
    const first = await cli(["db", "migrate"]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^applied /);
    const second = await cli(["db", "migrate"]);
    expect(second.stdout).toBe("database is up to date\n");
  });

  test("a user with two cards is listed with both, by their endings only", async () => {
    const added = await cli(["user", "add", "Alice", "--name", "Alice Andersson", "--card", "0013961168", "--card", "946ebd28"]);
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const list = await cli(["user", "list"]);
    expect(list.stdout).toContain("alice\tAlice Andersson\t…1168,…BD28\tno-pin");
    expect(list.stdout).not.toContain("13961168");
  });

  test("a duplicate card is refused with one line and nothing is half-written", async () => {
    const before = await auditCount();
    const result = await cli(["user", "add", "bob", "--card", "1234567", "--card", "0013961168"]);
    expect(result.code).not.toBe(0);
    // The same card typed with its leading zeros is the same card.
    expect(result.stderr).toBe("printvakt: card ending 1168 is already registered to someone\n");
    expect((await cli(["user", "list"])).stdout).not.toContain("bob");
    expect(await auditCount()).toBe(before);
  });

  test("an empty user name is refused", async () => {
    const result = await cli(["user", "add", "  "]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/^printvakt: user name .* is not valid/);
  });

  test("cards are added and removed by their typed number, and named by their endings", async () => {
    expect(await cli(["user", "card", "add", "alice", "04A1B2C3D4E5F6"])).toMatchObject({ code: 0, stdout: "card ending E5F6 added for alice\n" });
    // Typed in another form (lower case here), the number is the same card: it is hashed after canonicalisation.
    expect(await cli(["user", "card", "remove", "alice", "946ebd28"])).toMatchObject({ code: 0, stdout: "card ending BD28 removed from alice\n" });
    expect((await cli(["user", "list"])).stdout).toContain("alice\tAlice Andersson\t…1168,…E5F6\t");
    const missing = await cli(["user", "card", "remove", "alice", "946EBD28"]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toBe("printvakt: alice has no such card\n");
  });

  test("a PIN is read from standard input and must be 4-12 digits", async () => {
    expect((await cli(["user", "add", "carl", "--pin"], "12ab\n")).stderr).toBe("printvakt: a PIN is 4 to 12 digits\n");
    const ok = await cli(["user", "add", "carl", "--pin"], "4711\n");
    expect(ok.code).toBe(0);
    expect((await cli(["user", "list"])).stdout).toContain("carl\t\t\tpin");
  });

  test("a printer with a malformed URI is refused", async () => {
    for (const uri of ["not a uri", "http//printer", "ftp://printer/queue", "ipp://"]) {
      const result = await cli(["printer", "add", "bad", "--uri", uri]);
      expect(result.code, uri).not.toBe(0);
      expect(result.stderr, uri).toMatch(/^printvakt: .+\n$/);
    }
    expect((await cli(["printer", "list"])).stdout).toBe("");
  });

  test("a kiosk's card reader token is shown once and accepted by a hash check as the agent's", async () => {
    expect((await cli(["printer", "add", "Plan 3", "--uri", "ipp://printer3.example/ipp/print"])).code).toBe(0);
    const missing = await cli(["kiosk", "add", "lobby", "--printer", "nowhere"]);
    expect(missing.stderr).toMatch(/^printvakt: no printer named nowhere/);
    const created = await cli(["kiosk", "add", "lobby", "--printer", "Plan 3"]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const listed = await cli(["kiosk", "list"]);
    expect(listed.stdout).toContain("lobby\tPlan 3\tscreen\tlast seen never");
    expect(listed.stdout).not.toContain(token);
    const db = await openDatabase(`file:${path.join(dataDir, "printvakt.db")}`);
    try {
      const found = await findKioskByCredential(db, tokenHash(token));
      expect([found?.kiosk.name, found?.role]).toEqual(["lobby", "agent"]);
      expect(await findKioskByCredential(db, tokenHash(`${token}x`))).toBeNull();
      const [stored] = await onDatabaseFile(dataDir, 'SELECT "agentTokenHash" FROM "Kiosk" WHERE "name" = ?', ["lobby"]);
      expect(stored?.agentTokenHash).not.toContain(token);
    } finally {
      await db.close();
    }
  });

  test("a printer with kiosks cannot be removed; without kiosks it can", async () => {
    expect((await cli(["printer", "remove", "Plan 3"])).stderr).toMatch(/still has kiosks/);
    expect((await cli(["printer", "add", "Spare", "--uri", "socket://10.0.0.9:9100"])).code).toBe(0);
    expect((await cli(["printer", "remove", "Spare"])).code).toBe(0);
    expect((await cli(["printer", "list"])).stdout).not.toContain("Spare");
  });

  test("console accounts need a role and a long password from standard input", async () => {
    expect((await cli(["admin", "add", "eva", "--role", "root"], "correct horse battery\n")).stderr).toMatch(/--role must be admin or auditor/);
    expect((await cli(["admin", "add", "eva", "--role", "admin"], "short\n")).stderr).toMatch(/at least 12 characters/);
    expect((await cli(["admin", "add", "eva", "--role", "auditor"], "correct horse battery\n")).code).toBe(0);
    expect((await cli(["admin", "add", "eva", "--role", "auditor"], "correct horse battery\n")).stderr).toMatch(/already exists/);
  });

  test("every change above left exactly one audit entry", async () => {
    // alice (user + two card.linked), card add, card remove, carl, printer Plan 3, kiosk,
    // printer Spare added and removed, eva.
    expect(await auditCount()).toBe(11);
  });
});
