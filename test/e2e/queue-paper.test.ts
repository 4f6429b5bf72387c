// The paper a job asks for survives the way through (review F1): a driverless CUPS queue
// (`lpadmin -m everywhere`) sends only media-col's size, Printvakt keeps it as a named paper, shows
// it in Get-Jobs and at the kiosk, and a real ippeveprinter receives it at release.
import { access, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { allStrings } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { attr, keyword, name, uri } from "../../core/ipp/codec/values.js";
import { addKiosk } from "../../server/admin/kiosks.js";
import { addPrinter } from "../../server/admin/printers.js";
import { addUser } from "../../server/admin/users.js";
import { listJobsOfOwner } from "../../server/store/jobs.js";
import { startCupsd, type Cupsd } from "../support/cupsd.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { callIpp } from "../support/ipp-client.js";
import { startIppEvePrinter, type IppEvePrinter } from "../support/ippeveprinter.js";
import { connectKiosk, type KioskClient } from "../support/kiosk-client.js";
import { makePdf } from "../support/pdf.js";
import { asCli } from "../support/printer-destination.js";
import { waitFor } from "../support/processes.js";

const admin = { label: "admin:test", role: "admin" as const };
let printer: IppEvePrinter;
let server: InProcessServer;
let cupsd: Cupsd;
let kioskTokens: { token: string; agentToken: string | undefined };
const clients: KioskClient[] = [];

beforeAll(async () => {
  [printer, cupsd] = await Promise.all([startIppEvePrinter({ duplex: true }), startCupsd()]);
  server = await startInProcessServer();
  const db = server.context.db;
  await addPrinter(db, admin, { name: "Plan 2", uri: printer.uri }, asCli(server.context));
  kioskTokens = await addKiosk(db, admin, { name: "Kiosk Plan 2", printer: "Plan 2", releaseOnBadge: false }, "cli");
  await addUser(db, admin, server.context, { username: "dora", displayName: "Dora Dahl", cards: ["5555555"] });
  const added = await cupsd.lpadmin(["-p", "Secure", "-E", "-v", `ipp://127.0.0.1:${server.port}/ipp/print`, "-m", "everywhere"]);
  expect(added.exitCode, added.stderr).toBe(0);
  const ppd = join(cupsd.serverRoot, "ppd", "Secure.ppd");
  await waitFor(async () => ((await access(ppd).then(() => true, () => false)) ? true : undefined), {
    timeoutMs: 30_000,
    describe: async () => `cupsd wrote no ${ppd}:\n${await cupsd.errorLog()}`,
  });
}, 90_000);

afterAll(async () => {
  for (const client of clients) client.close();
  await server?.stop();
  await Promise.all([printer?.stop(), cupsd?.stop()]);
});

async function printThroughCups(title: string, media: string): Promise<number> {
  const file = join(cupsd.baseDir, `${title}.pdf`);
  await writeFile(file, makePdf({ pages: 1, text: title }));
  const lp = await cupsd.lp(["-d", "Secure", "-U", "dora", "-t", title, "-o", `media=${media}`, file]);
  expect(lp.exitCode, lp.stderr).toBe(0);
  const job = await waitFor(async () => (await listJobsOfOwner(server.context.db, "dora", ["held"], 50)).find((held) => held.sizeBytes > 0 && !seen.has(held.id)), {
    timeoutMs: 60_000,
    describe: async () => `the ${title} job did not reach Printvakt:\n${await cupsd.errorLog()}`,
  });
  seen.add(job.id);
  return job.id;
}
const seen = new Set<number>();

describe("paper from a driverless CUPS queue", () => {
  test("the generated PPD offers the envelopes and A5 with their own sizes, not A4's (F10)", async () => {
    const options = await cupsd.run("lpoptions", ["-p", "Secure", "-l"]);
    const pageSizes = /^PageSize\/[^:]*:(.*)$/m.exec(options.stdout)?.[1]?.trim().split(/\s+/) ?? [];
    expect(pageSizes, options.stdout).toEqual(expect.arrayContaining(["*A4", "A5", "A3", "Letter", "Legal", "Env10", "EnvDL", "EnvC5"]));
  });

  test("Letter, A5 and DL jobs keep their paper: Get-Jobs says media, the kiosk says the paper's name, the printer gets it", async () => {
    const letter = await printThroughCups("Letter report", "na_letter_8.5x11in");
    const a5 = await printThroughCups("A5 leaflet", "iso_a5_148x210mm");
    const dl = await printThroughCups("DL envelope", "iso_dl_110x220mm");

    const answer = await callIpp({
      url: `${server.baseUrl}/ipp/print`,
      operation: IppOperation.getJobs,
      attributes: [attr("printer-uri", uri(`ipp://127.0.0.1:${server.port}/ipp/print`)), attr("requesting-user-name", name("dora")), attr("requested-attributes", keyword("job-id"), keyword("media"))],
    });
    const jobs = answer.message!.groups.filter((group) => group.tag === 0x02).map((group) => ({
      id: group.attributes.find((attribute) => attribute.name === "job-id")?.values[0],
      media: allStrings({ ...answer.message!, groups: [group] }, 0x02, "media"),
    }));
    expect(jobs.map((job) => [(job.id as { value: number }).value, job.media])).toEqual(
      expect.arrayContaining([[letter, ["na_letter_8.5x11in"]], [a5, ["iso_a5_148x210mm"]], [dl, ["iso_dl_110x220mm"]]]),
    );

    const agent = await connectKiosk(server.baseUrl, kioskTokens.agentToken!, "agent");
    const screen = await connectKiosk(server.baseUrl, kioskTokens.token, "screen");
    clients.push(agent, screen);
    expect(await agent.emit("card:present", { card: "5555555" })).toEqual({ ok: true, outcome: "session" });
    const session = await screen.next("session:started");
    const papers = Object.fromEntries((session.jobs as { id: number; paper: string | null }[]).map((job) => [job.id, job.paper]));
    expect(papers).toEqual({ [letter]: "Letter", [a5]: "A5", [dl]: "DL envelope" });

    const release = await screen.emit("session:release", { sessionId: session.sessionId, jobIds: [letter, dl], idempotencyKey: "release-paper-1" });
    expect(release, JSON.stringify(release)).toMatchObject({ ok: true });
    const printed = await printer.waitForDocuments(2, 60_000);
    const mediaByTitle = Object.fromEntries(printed.map((document) => [document.env.IPP_JOB_NAME, document.env.IPP_MEDIA ?? document.env.IPP_MEDIA_COL]));
    expect(mediaByTitle).toEqual({ "Letter report": "na_letter_8.5x11in", "DL envelope": "iso_dl_110x220mm" });
  }, 180_000);
});
