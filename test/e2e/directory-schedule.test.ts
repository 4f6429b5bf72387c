// The server syncs from the directory on its own (PRINTVAKT_LDAP_SYNC_INTERVAL): at start and then on
// the interval; a failing directory is audited and the server keeps serving.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listUsers } from "../../server/store/users.js";
import { directoryEnv } from "../support/directory-env.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { auditEntries, cardHolder } from "../support/printvakt-data.js";
import { waitFor } from "../support/processes.js";
import { PEOPLE_DN, personLdif, startSlapd, type Slapd } from "../support/slapd.js";

let slapd: Slapd;
const servers: InProcessServer[] = [];

beforeAll(async () => {
  slapd = await startSlapd([personLdif({ uid: "anna", pager: ["1001"] })]);
}, 60_000);

afterAll(async () => {
  for (const server of servers) await server.stop();
  await slapd?.stop();
});

const entriesOf = async (server: InProcessServer, type: string) => (await auditEntries(server.dataDir)).filter((entry) => entry.type === type);

describe("scheduled directory sync", () => {
  test("runs at start and again after each interval, as the system", async () => {
    const server = await startInProcessServer(await directoryEnv(slapd, { PRINTVAKT_LDAP_SYNC_INTERVAL: "2s" }));
    servers.push(server);
    const first = await waitFor(async () => ((await entriesOf(server, "directory.synced")).length >= 1 ? entriesOf(server, "directory.synced") : undefined), { timeoutMs: 15_000, describe: () => "no directory.synced after start" });
    expect(first[0]).toMatchObject({ actor: "system", details: { added: 1, linked: 1 } });
    expect((await listUsers(server.context.db)).map((user) => user.username)).toEqual(["anna"]);
    await slapd.modify(`dn: uid=anna,${PEOPLE_DN}\nchangetype: modify\nadd: pager\npager: 1005\n`);
    await waitFor(async () => ((await listUsers(server.context.db))[0]!.cards.length === 2 ? true : undefined), { timeoutMs: 15_000, describe: () => "the card added in the directory did not arrive" });
    expect(await Promise.all(["1001", "1005"].map((number) => cardHolder(server.context, number)))).toEqual(["anna", "anna"]);
  });

  test("a failing directory is audited as directory.sync-failed and the server keeps serving", async () => {
    const server = await startInProcessServer(await directoryEnv(slapd, { PRINTVAKT_LDAP_CA_FILE: slapd.certificates.otherCaFile, PRINTVAKT_LDAP_SYNC_INTERVAL: "1h" }));
    servers.push(server);
    const failed = await waitFor(async () => ((await entriesOf(server, "directory.sync-failed")).length === 1 ? entriesOf(server, "directory.sync-failed") : undefined), { timeoutMs: 15_000, describe: () => "no directory.sync-failed" });
    expect(failed[0]).toMatchObject({ actor: "system", details: { reason: "certificate", errorCode: "unavailable" } });
    expect(await listUsers(server.context.db)).toEqual([]);
    expect((await fetch(`${server.baseUrl}/healthz`)).status).toBe(200);
  });

  test('"off" starts no sync at all', async () => {
    const server = await startInProcessServer(await directoryEnv(slapd, { PRINTVAKT_LDAP_SYNC_INTERVAL: "off" }));
    servers.push(server);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect((await auditEntries(server.dataDir)).filter((entry) => entry.type.startsWith("directory."))).toEqual([]);
  });
});
