// A kiosk agent's raw card read with characters the audit's canonical JSON cannot encode (a NUL,
// an unpaired surrogate: a reader's garbage, or a hostile agent's), sent over a real socket.io
// connection to a real server in the same moment as other people's badges at other kiosks. Their
// audit entries share group-commit transactions with it (server/store/audit-group-commit.ts): the
// odd read must be recorded safely (its ending with U+FFFD) or refused alone, never fail theirs.
import { afterAll, beforeAll, expect, test } from "vitest";
import path from "node:path";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { asCli } from "../support/printer-destination.js";
import { auditRows, newestAuditRow } from "../support/database-rows.js";
import { waitFor } from "../support/processes.js";

const admin = { label: "admin:test", role: "admin" as const };
const PEOPLE = ["anna", "bertil", "cecilia", "david", "elsa", "filip", "greta", "hugo"];
/** A card number nobody holds, whose raw read ends in a NUL and an unpaired surrogate. */
const ODD_READ = { card: "5550001234", raw: ";5550001\u0000\uD8004?" };

let server: InProcessServer;
const agents: KioskClient[] = [];

beforeAll(async () => {
  server = await startInProcessServer({ PRINTVAKT_ALLOW_FILE_PRINTERS: "true" });
  const db = server.context.db;
  await addPrinter(db, admin, { name: "Plan 1", uri: `file://${path.join(server.dataDir, "printed")}` }, asCli(server.context));
  // A kiosk each: one kiosk's reads are rate-limited, and each badge is its own moment at its own reader.
  for (const [index, person] of [...PEOPLE, "odd"].entries()) {
    const kiosk = await addKiosk(db, admin, { name: `Kiosk ${index}`, printer: "Plan 1", releaseOnBadge: false }, "cli");
    if (person !== "odd") await addUser(db, admin, server.context, { username: person, displayName: person, cards: [`7770000${index}`] });
    agents.push(await connectKiosk(server.baseUrl, kiosk.agentToken!, "agent"));
  }
  // Each connection is audited after it is answered: all of them before the badges, so the test counts only theirs.
  await waitFor(async () => ((await auditRows(server.context.db, { types: ["kiosk.connected"] })).length === agents.length ? true : undefined), {
    timeoutMs: 20_000,
    describe: () => "every kiosk's connection audited",
  });
}, 60_000);

afterAll(async () => {
  for (const agent of agents) agent.close();
  await server?.stop();
});

test("a raw read with a NUL and an unpaired surrogate is recorded with U+FFFD or refused alone; the badges beside it are all recorded", async () => {
  const before = (await newestAuditRow(server.context.db))?.seq ?? 0;
  const badges = PEOPLE.map((_, index) => agents[index]!.emit("card:present", { card: `7770000${index}` }));
  const odd = agents[PEOPLE.length]!.emit("card:present", ODD_READ);
  const answers = await Promise.all(badges);
  const oddAnswer = await odd;

  expect(answers, "every other person's badge opened their session").toEqual(PEOPLE.map(() => ({ ok: true, outcome: "session" })));
  const entries = await auditRows(server.context.db, { afterSeq: before });
  const started = entries.filter((entry) => entry.type === "session.started");
  expect(started.map((entry) => entry.actor).sort()).toEqual(PEOPLE.map((person) => `user:${person}`).sort());
  const unknown = entries.filter((entry) => entry.type === "card.unknown");
  if (oddAnswer.ok === true) {
    expect(oddAnswer).toEqual({ ok: true, outcome: "unknown-card" });
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.details).toMatchObject({ rawEnding: "\uFFFD\uFFFD4?" });
  } else {
    expect(unknown, "refused, and so not recorded").toHaveLength(0);
  }
  expect(JSON.stringify(entries), "no NUL reached the audit").not.toContain("\\u0000");
  expect(entries, "exactly the badges' entries and the odd read's, if it was recorded").toHaveLength(PEOPLE.length + unknown.length);
  for (let index = 1; index < entries.length; index++) expect(entries[index]!.prevHash).toBe(entries[index - 1]!.hash);
});
