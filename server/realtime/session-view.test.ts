// What a kiosk screen is shown of a session, on a real SQLite file: the person's own jobs with
// titles, the changes printing them at this kiosk's printer makes, and where a may-have-printed
// job went.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import type { AppContext } from "../app-context.js";
import { sealJobSecrets } from "../jobs/job-secrets.js";
import { newJobKey } from "../spool/job-key.js";
import { createJob, moveJob } from "../store/jobs.js";
import { createKiosk } from "../store/kiosks.js";
import { createPrinter } from "../store/printers.js";
import type { KioskSession } from "./kiosk-sessions.js";
import { heldJobViews, sessionView } from "./session-view.js";
import { useFreshContext } from "../../test/support/fresh-context.js";

let context: AppContext;
useFreshContext("session-view", (fresh) => ({ context } = fresh));

const MONO_SIMPLEX = { formats: ["application/pdf"], sides: ["one-sided"], media: ["iso_a4_210x297mm"], colorModes: ["monochrome"] };
const COLOUR_DUPLEX = { formats: ["application/pdf"], sides: ["one-sided", "two-sided-long-edge"], media: ["iso_a4_210x297mm"], colorModes: ["monochrome", "color"] };

async function printerWithKiosk(name: string, capabilities: Record<string, unknown>) {
  return context.db.write(async (tx) => {
    const printer = await createPrinter(tx, { name, uri: `ipp://127.0.0.1:9/${name}`, capabilities });
    return createKiosk(tx, { name: `${name} kiosk`, printerId: printer.id, tokenHash: randomUUID(), agentTokenHash: null, releaseOnBadge: false });
  });
}

async function heldJob(owner: string, title: string, template: Record<string, unknown>): Promise<number> {
  const jobKey = newJobKey();
  const created = await context.db.write((tx) =>
    createJob(
      tx,
      { ownerName: owner, ownerIdentifiedBy: "requesting-user-name", sourceAddress: "127.0.0.1", state: "held", documentFormat: "application/pdf", sizeBytes: 100, template, masterKeyId: context.masterKey.id, spoolId: randomUUID(), pinHash: null, expiresAt: new Date(Date.now() + 3_600_000), holdDueHeldMs: 0n },
      (jobId) => sealJobSecrets(context.masterKey, jobId, jobKey, title),
    ),
  );
  return created.id;
}

/** A release to this printer whose outcome is unknown. */
async function mayHavePrintedAt(jobId: number, printerId: number, releasedAt: Date): Promise<void> {
  await context.db.write(async (tx) => {
    await moveJob(tx, jobId, "held", "releasing");
    await moveJob(tx, jobId, "releasing", "may-have-printed", { releasedPrinterId: printerId, releasedAt });
  });
}

const sessionAt = (kioskId: number, username: string): KioskSession => ({ id: randomUUID(), kioskId, kioskName: "k", userId: 1, username, displayName: "", cardHash: "c", pinPending: false, startedAt: 0, expiresAt: Date.now() + 60_000, released: 0, deleted: 0 });

describe("sessionView", () => {
  test("notes what this kiosk's printer changes, not another kiosk's printer", async () => {
    const mono = await printerWithKiosk("Mono", MONO_SIMPLEX);
    const colour = await printerWithKiosk("Colour", COLOUR_DUPLEX);
    const duplexColour = await heldJob("anna", "Poster.pdf", { sides: "two-sided-long-edge", "print-color-mode": "color" });
    const plain = await heldJob("anna", "Memo.pdf", { sides: "one-sided" });

    const atMono = await sessionView(context, sessionAt(mono.id, "anna"));
    expect(atMono.jobs.map((job) => [job.id, job.title, job.changes])).toEqual([
      [duplexColour, "Poster.pdf", ["one-sided", "monochrome"]],
      [plain, "Memo.pdf", []],
    ]);
    const atColour = await sessionView(context, sessionAt(colour.id, "anna"));
    expect(atColour.jobs.map((job) => [job.id, job.changes])).toEqual([
      [duplexColour, []],
      [plain, []],
    ]);
  });

  test("shows only the person's own jobs, and a kiosk that is gone gets the list without notes", async () => {
    const mono = await printerWithKiosk("Mono", MONO_SIMPLEX);
    const own = await heldJob("anna", "Mine.pdf", { "print-color-mode": "color" });
    await heldJob("bertil", "Not yours.pdf", {});
    expect((await sessionView(context, sessionAt(mono.id, "anna"))).jobs.map((job) => [job.id, job.title, job.changes])).toEqual([[own, "Mine.pdf", ["monochrome"]]]);
    expect((await sessionView(context, sessionAt(mono.id + 100, "anna"))).jobs.map((job) => [job.id, job.changes])).toEqual([[own, []]]);
  });

  test("a may-have-printed job names the printer it went to, this kiosk's or another", async () => {
    const mono = await printerWithKiosk("Mono", MONO_SIMPLEX);
    const colour = await printerWithKiosk("Colour", COLOUR_DUPLEX);
    const there = await heldJob("anna", "There.pdf", {});
    const here = await heldJob("anna", "Here.pdf", {});
    const stillHeld = await heldJob("anna", "Held.pdf", {});
    const at = new Date("2026-12-06T10:00:00.000Z");
    await mayHavePrintedAt(there, colour.printerId, at);
    await mayHavePrintedAt(here, mono.printerId, at);

    const view = await sessionView(context, sessionAt(mono.id, "anna"));
    expect(view.jobs.map((job) => [job.id, job.state, job.mayHavePrinted])).toEqual([
      [there, "may-have-printed", { printer: "Colour", at: at.toISOString() }],
      [here, "may-have-printed", { printer: "Mono", at: at.toISOString() }],
      [stillHeld, "held", undefined],
    ]);
    // Without a kiosk (releasing "all" from a session) the names are found all the same.
    expect((await heldJobViews(context, "anna")).map((job) => job.mayHavePrinted?.printer)).toEqual(["Colour", "Mono", undefined]);
  });
});
