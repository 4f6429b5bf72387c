// Directory sync against a real Active Directory: a Samba AD DC provisioned by the test, over LDAPS.
// The real AD schema: objectGUID as the key, userAccountControl's disabled bit, memberOf for roles.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findUserByName, listUsers } from "../../server/store/users.js";
import { syncNow } from "../support/directory-env.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { auditEntries, cardHolder } from "../support/printvakt-data.js";
import { AD_ADMIN_DN, AD_BASE_DN, startSambaAd, unicodePwd, type SambaAd } from "../support/samba-ad.js";

const STAFF = `OU=Staff,${AD_BASE_DN}`;
const ADMINS = `CN=Printvakt Admins,${STAFF}`;
let ad: SambaAd;
let server: InProcessServer;

function person(cn: string, account: string, pager: string, password: string): string {
  return `dn: CN=${cn},${STAFF}\nchangetype: add\nobjectClass: user\nsAMAccountName: ${account}\ndisplayName: ${cn}\nmail: ${account}@kommun.test\npager: ${pager}\n${unicodePwd(password)}\nuserAccountControl: 512\n`;
}

beforeAll(async () => {
  ad = await startSambaAd();
  await ad.modify(`dn: ${STAFF}\nchangetype: add\nobjectClass: organizationalUnit\n`);
  await ad.modify(person("Anna Berg", "anna", "0012345", "Anna-Directory-2026!"));
  await ad.modify(person("Bertil Ek", "bertil", "777", "Bertil-Directory-2026!"));
  await ad.modify(`dn: ${ADMINS}\nchangetype: add\nobjectClass: group\nsAMAccountName: printvakt-admins\nmember: CN=Anna Berg,${STAFF}\n`);
  const passwordFile = path.join(ad.dir, "bind-password");
  await writeFile(passwordFile, ad.adminPassword, { mode: 0o600 });
  server = await startInProcessServer({
    PRINTVAKT_LDAP_URL: ad.ldapsUrl,
    PRINTVAKT_LDAP_CA_FILE: ad.certificates.caFile,
    PRINTVAKT_LDAP_BIND_DN: AD_ADMIN_DN,
    PRINTVAKT_LDAP_BIND_PASSWORD_FILE: passwordFile,
    PRINTVAKT_LDAP_BASE_DN: STAFF,
    PRINTVAKT_LDAP_USER_FILTER: "(&(objectCategory=person)(objectClass=user))",
    PRINTVAKT_LDAP_ADMIN_GROUP: ADMINS,
    PRINTVAKT_LDAP_SYNC_INTERVAL: "off",
    // Two people: disabling one is half of them.
    PRINTVAKT_LDAP_REMOVAL_THRESHOLD: "50%",
  });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await ad?.stop();
});

async function login(username: string, password: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.baseUrl}/api/login`, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": "x" }, body: JSON.stringify({ username, password }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("directory sync from Samba Active Directory", () => {
  test("people arrive keyed by objectGUID, with pager cards in canonical form and roles from memberOf", async () => {
    await syncNow(server.context);
    const people = await listUsers(server.context.db);
    expect(people.map((person) => [person.username, person.displayName, person.cards.length])).toEqual([["anna", "Anna Berg", 1], ["bertil", "Bertil Ek", 1]]);
    expect(await Promise.all(["0012345", "777"].map((number) => cardHolder(server.context, number)))).toEqual(["anna", "bertil"]);
    expect(people[0]!.directoryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await login("anna", "Anna-Directory-2026!")).toMatchObject({ status: 200, body: { role: "admin" } });
    expect((await login("anna", "wrong-password")).status).toBe(401);
    expect((await login("bertil", "Bertil-Directory-2026!")).status).toBe(401);
  });

  test("a rename in AD keeps the person (same objectGUID) and their card", async () => {
    const before = (await findUserByName(server.context.db, "anna"))!;
    await ad.modify(`dn: CN=Anna Berg,${STAFF}\nchangetype: modify\nreplace: sAMAccountName\nsAMAccountName: anna.berg\n`);
    await syncNow(server.context);
    expect(await findUserByName(server.context.db, "anna.berg")).toMatchObject({ id: before.id, directoryId: before.directoryId, cards: before.cards });
    expect(await cardHolder(server.context, "12345")).toBe("anna.berg");
  });

  test("the ACCOUNTDISABLE bit disables the person at the next sync: their card is refused from then on", async () => {
    await ad.modify(`dn: CN=Bertil Ek,${STAFF}\nchangetype: modify\nreplace: userAccountControl\nuserAccountControl: 514\n`);
    await syncNow(server.context);
    expect(await cardHolder(server.context, "777")).toBe("bertil");
    expect(await findUserByName(server.context.db, "bertil")).toMatchObject({ disabledReason: "disabled" });
    const disabled = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "user.disabled");
    expect(disabled.map((entry) => [entry.subject, entry.details])).toEqual([["user:bertil", { source: "directory", reason: "disabled" }]]);
  });
});
