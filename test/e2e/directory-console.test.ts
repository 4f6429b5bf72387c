// Console roles from directory groups: members of the admin and auditor groups log in to the
// console with their directory password (an LDAP bind), and a group change moves the role.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { addAdmin } from "../../server/admin/admins.js";
import { directoryEnv, syncNow } from "../support/directory-env.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { auditEntries } from "../support/printvakt-data.js";
import { GROUPS_DN, PEOPLE_DN, groupLdif, personLdif, startSlapd, type Slapd } from "../support/slapd.js";

let slapd: Slapd;
let server: InProcessServer;

beforeAll(async () => {
  slapd = await startSlapd([
    personLdif({ uid: "eva", password: "eva-directory-pw" }),
    personLdif({ uid: "olof", password: "olof-directory-pw" }),
    personLdif({ uid: "pia", password: "pia-directory-pw" }),
    groupLdif("printvakt-admins", ["eva"]),
    groupLdif("printvakt-auditors", ["olof"]),
  ]);
  server = await startInProcessServer(
    await directoryEnv(slapd, { PRINTVAKT_LDAP_ADMIN_GROUP: `cn=printvakt-admins,${GROUPS_DN}`, PRINTVAKT_LDAP_AUDITOR_GROUP: `cn=printvakt-auditors,${GROUPS_DN}` }),
  );
  await addAdmin(server.context.db, { label: "admin:cli:test", role: "admin" }, { username: "breakglass", role: "admin", password: "local-break-glass-pw" });
  await syncNow(server.context);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await slapd?.stop();
});

async function login(username: string, password: string): Promise<{ status: number; body: Record<string, unknown>; cookie: string }> {
  const response = await fetch(`${server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "x" }, body: JSON.stringify({ username, password }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown>, cookie: (response.headers.get("set-cookie") ?? "").split(";")[0]! };
}

describe("console roles from directory groups", () => {
  test("a member of the admin group logs in with their directory password and is an admin", async () => {
    const answer = await login("eva", "eva-directory-pw");
    expect(answer).toMatchObject({ status: 200, body: { username: "eva", role: "admin" } });
    const logins = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "admin.login");
    expect(logins.map((entry) => [entry.actor, entry.details.method])).toEqual([["admin:eva", "directory-bind"]]);
  });

  test("directory people are listed as such, and the API refuses to edit their cards with a clear error", async () => {
    const { body, cookie } = await login("eva", "eva-directory-pw");
    const headers = { Cookie: cookie, "X-CSRF-Token": String(body.csrfToken), "Content-Type": "application/json" };
    const people = (await (await fetch(`${server.baseUrl}/api/users`, { headers })).json()) as { username: string; source: string; disabled: boolean }[];
    expect(people.find((person) => person.username === "pia")).toMatchObject({ source: "directory", disabled: false });
    const refused = await fetch(`${server.baseUrl}/api/users/pia/cards`, { method: "POST", headers, body: JSON.stringify({ card: "123456" }) });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toEqual({ error: { code: "not-possible", message: "pia is managed by the directory: change their cards there, it arrives here with the next sync" } });
  });

  test("a member of the auditor group is an auditor; a wrong directory password is refused and audited", async () => {
    expect(await login("olof", "olof-directory-pw")).toMatchObject({ status: 200, body: { role: "auditor" } });
    expect((await login("olof", "eva-directory-pw")).status).toBe(401);
    const failed = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "admin.login-failed");
    expect(failed.map((entry) => [entry.subject, entry.details.reason])).toEqual([["admin:olof", "wrong-password"]]);
  });

  test("someone in neither group has no console account, whatever their directory password", async () => {
    expect((await login("pia", "pia-directory-pw")).status).toBe(401);
  });

  test("the local break-glass account still logs in with its own password", async () => {
    expect(await login("breakglass", "local-break-glass-pw")).toMatchObject({ status: 200, body: { role: "admin" } });
  });

  test("a group change in the directory moves the console role at the next sync, audited, and ends the old session", async () => {
    const open = await login("eva", "eva-directory-pw");
    const sessionOf = (cookie: string) => fetch(`${server.baseUrl}/api/session`, { headers: { Cookie: cookie } });
    expect((await sessionOf(open.cookie)).status).toBe(200);
    await slapd.modify(
      `dn: cn=printvakt-admins,${GROUPS_DN}\nchangetype: modify\nreplace: member\nmember: uid=olof,${PEOPLE_DN}\n\n` +
        `dn: cn=printvakt-auditors,${GROUPS_DN}\nchangetype: modify\nreplace: member\nmember: uid=pia,${PEOPLE_DN}\n`,
    );
    await syncNow(server.context);
    expect(await login("olof", "olof-directory-pw")).toMatchObject({ status: 200, body: { role: "admin" } });
    expect(await login("pia", "pia-directory-pw")).toMatchObject({ status: 200, body: { role: "auditor" } });
    expect((await login("eva", "eva-directory-pw")).status).toBe(401);
    // Removed from the group: the session she still holds stops working at once.
    expect((await sessionOf(open.cookie)).status).toBe(401);
    const synced = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "admin.role-synced");
    expect(synced.map((entry) => `${entry.details.action} ${entry.subject} ${entry.details.role}`).sort()).toEqual(
      ["added admin:eva admin", "added admin:olof auditor", "changed admin:olof admin", "added admin:pia auditor", "removed admin:eva admin"].sort(),
    );
  });
});
