// `printvakt directory sync` against a real slapd: dry run prints the plan and changes nothing; a bad
// certificate, a wrong bind password, an unreachable server or the removal threshold fail loudly and
// change nothing (not one person, not one card; only the failure's own audit entry).
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { directoryEnv } from "../support/directory-env.js";
import { freePort } from "../support/free-port.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { auditEntries, countByType, rawDatabase } from "../support/printvakt-data.js";
import { PEOPLE_DN, personLdif, startSlapd, type Slapd } from "../support/slapd.js";

let slapd: Slapd;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  slapd = await startSlapd([personLdif({ uid: "anna", pager: ["1001"] }), personLdif({ uid: "bertil", pager: ["1002"] }), personLdif({ uid: "carin" }), personLdif({ uid: "david" })]);
  dataDir = await mkdtemp(path.join(tmpdir(), "printvakt-directory-cli-"));
  env = { ...(await directoryEnv(slapd)), PRINTVAKT_DATA_DIR: dataDir };
}, 60_000);

afterAll(async () => {
  await slapd?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const sync = (extra: Record<string, string> = {}, args: string[] = []) => runPrintvakt(["directory", "sync", ...args], { env: { ...env, ...extra } });

async function peopleAndCards(): Promise<{ users: number; cards: number; disabled: number }> {
  const db = rawDatabase(dataDir);
  try {
    const count = async (sql: string) => Number((await db.execute(sql)).rows[0]![0]);
    return { users: await count('SELECT COUNT(*) FROM "User"'), cards: await count('SELECT COUNT(*) FROM "Card"'), disabled: await count('SELECT COUNT(*) FROM "User" WHERE "disabledAt" IS NOT NULL') };
  } finally {
    db.close();
  }
}

describe("printvakt directory sync", () => {
  test("--dry-run prints what would change and changes nothing, not even the audit log", async () => {
    const result = await sync({}, ["--dry-run"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("would add anna (1 card(s))");
    expect(result.stdout).toContain("dry run, nothing changed: 4 to add, 0 to update, 0 to disable");
    // Card numbers are never printed, only counted.
    expect(result.stdout).not.toContain("1001");
    expect(await peopleAndCards()).toEqual({ users: 0, cards: 0, disabled: 0 });
    expect(await auditEntries(dataDir)).toEqual([]);
  });

  test("a CA that did not sign the directory's certificate fails the sync loudly and changes nothing", async () => {
    const result = await sync({ PRINTVAKT_LDAP_CA_FILE: slapd.certificates.otherCaFile });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/directory sync failed \(certificate\).*nothing changed/);
    expect(await peopleAndCards()).toEqual({ users: 0, cards: 0, disabled: 0 });
  });

  test("a wrong bind password fails the sync loudly and changes nothing", async () => {
    const wrong = path.join(dataDir, "wrong-password");
    await writeFile(wrong, "not-the-password\n", { mode: 0o600 });
    const result = await sync({ PRINTVAKT_LDAP_BIND_PASSWORD_FILE: wrong });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/directory sync failed \(bind-failed\)/);
    expect(result.stderr + result.stdout).not.toContain("not-the-password");
    expect(await peopleAndCards()).toEqual({ users: 0, cards: 0, disabled: 0 });
  });

  test("an unreachable directory fails the sync loudly and changes nothing", async () => {
    const result = await sync({ PRINTVAKT_LDAP_URL: `ldaps://127.0.0.1:${await freePort()}` });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/directory sync failed \(unreachable\)/);
    expect(await peopleAndCards()).toEqual({ users: 0, cards: 0, disabled: 0 });
  });

  test("a bind password file others can read is refused before anything is sent", async () => {
    const open = path.join(dataDir, "open-password");
    await writeFile(open, `${slapd.servicePassword}\n`);
    await chmod(open, 0o644);
    const result = await sync({ PRINTVAKT_LDAP_BIND_PASSWORD_FILE: open });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/readable by others \(mode 644\)/);
  });

  test("every failure above is audited as directory.sync-failed with its reason, and nothing else was written", async () => {
    const entries = await auditEntries(dataDir);
    expect(countByType(entries)).toEqual({ "directory.sync-failed": 4 });
    expect(entries.map((entry) => entry.details.reason)).toEqual(["certificate", "bind-failed", "unreachable", "bad-config"]);
  });

  test("StartTLS on ldap:// works with the same CA, and the sync applies", async () => {
    const result = await sync({ PRINTVAKT_LDAP_URL: slapd.ldapUrl });
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("added anna (1 card(s))");
    expect(await peopleAndCards()).toEqual({ users: 4, cards: 2, disabled: 0 });
  });

  test("a search that would drop more than the threshold stops, reports and changes nothing", async () => {
    await slapd.modify(`dn: uid=anna,${PEOPLE_DN}\nchangetype: delete\n`);
    const result = await sync();
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/stopped: it would disable or drop 1 of 4 managed people, more than PRINTVAKT_LDAP_REMOVAL_THRESHOLD \(10 %\); nothing changed/);
    expect(await peopleAndCards()).toEqual({ users: 4, cards: 2, disabled: 0 });
    const counts = countByType(await auditEntries(dataDir));
    expect([counts["directory.sync-stopped"], counts["user.disabled"]]).toEqual([1, undefined]);
    const raised = await sync({ PRINTVAKT_LDAP_REMOVAL_THRESHOLD: "25%" });
    expect(raised.stdout).toContain("disabled anna (removed)");
    expect(await peopleAndCards()).toEqual({ users: 4, cards: 2, disabled: 1 });
  });

  test("with PRINTVAKT_LDAP_ALLOW_PLAIN=true, ldap:// runs without TLS (labs and tests only)", async () => {
    const result = await sync({ PRINTVAKT_LDAP_URL: slapd.ldapUrl, PRINTVAKT_LDAP_ALLOW_PLAIN: "true" }, ["--dry-run"]);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("dry run, nothing changed: 0 to add, 0 to update, 0 to disable");
  });
});
