// Cancel-My-Jobs, Cancel-Jobs and Purge-Jobs (CUPS's `cancel -a`, `cancel -x -a`) against the
// privacy promise: "all jobs" are only the requester's own, never another person's (those do not
// exist for the requester, so naming one refuses the whole request), a bare user name reaches only
// jobs sent from its own address, a job on its way to a printer is left alone, and every job that
// goes is destroyed at once and audited with the operation and who asked.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readAudit } from "../../server/store/audit-log.js";
import { findJob, moveJob } from "../../server/store/jobs.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { makePdf } from "../support/pdf.js";
import { cancelOwnJobs, printJob } from "../support/print-requests.js";

let server: InProcessServer;
let documents = 0;

beforeAll(async () => {
  server = await startInProcessServer();
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

/** A held job; each with its own document and title, so none is taken for a resend of another. */
async function held(user: string, localAddress?: string): Promise<number> {
  documents += 1;
  const answer = await printJob(server.port, { user, title: `Dokument ${documents}`, document: makePdf({ text: `document ${documents}` }), localAddress });
  expect(answer.status).toBe("successful-ok");
  return answer.jobId!;
}

async function stateOf(jobId: number): Promise<string | undefined> {
  return (await findJob(server.context.db, jobId))?.state;
}

/** job.cancelled entries about these jobs: subject, actor and the operation that cancelled. */
async function cancellations(jobIds: number[]): Promise<[string, string | null, unknown][]> {
  const found: [string, string | null, unknown][] = [];
  for await (const entry of readAudit(server.context.db, { types: ["job.cancelled"] })) {
    if (jobIds.some((id) => entry.subject === `job:${id}`)) found.push([entry.subject!, entry.actor, entry.details.operation]);
  }
  return found;
}

describe("cancelling all of one's jobs over IPP", () => {
  test("naming someone else's job refuses the whole request as not-found, and cancels nothing", async () => {
    const mine = await held("anna");
    const bertils = await held("bertil");
    for (const operation of ["cancelMyJobs", "purgeJobs", "cancelJobs"] as const) {
      expect((await cancelOwnJobs(server.port, { user: "anna", operation, jobIds: [mine, bertils] })).status).toBe("client-error-not-found");
    }
    expect([await stateOf(mine), await stateOf(bertils)]).toEqual(["held", "held"]);
    expect(await cancellations([mine, bertils])).toEqual([]);
  });

  test("Cancel-My-Jobs with job-ids cancels exactly those", async () => {
    const [first, second] = [await held("cecilia"), await held("cecilia")];
    expect((await cancelOwnJobs(server.port, { user: "cecilia", operation: "cancelMyJobs", jobIds: [first] })).status).toBe("successful-ok");
    expect([await stateOf(first), await stateOf(second)]).toEqual(["cancelled", "held"]);
    expect(await cancellations([first, second])).toEqual([[`job:${first}`, "user:cecilia", "Cancel-My-Jobs"]]);
  });

  test("Purge-Jobs takes the requester's own jobs and nobody else's; what it destroys is audited, key and all", async () => {
    const heldOne = await held("david");
    const mayHavePrinted = await held("david");
    const releasing = await held("david");
    // The same name from another host: a bare requesting-user-name is only believed for its own address.
    const fromElsewhere = await held("david", "127.0.0.2");
    expect((await findJob(server.context.db, fromElsewhere))?.sourceAddress).toContain("127.0.0.2");
    const others = [await held("eva"), await held("fredrik")];
    await server.context.db.write(async (tx) => {
      expect(await moveJob(tx, mayHavePrinted, "held", "releasing")).toBe(true);
      expect(await moveJob(tx, mayHavePrinted, "releasing", "may-have-printed")).toBe(true);
      expect(await moveJob(tx, releasing, "held", "releasing")).toBe(true);
    });

    expect((await cancelOwnJobs(server.port, { user: "david", operation: "purgeJobs" })).status).toBe("successful-ok");

    expect(await stateOf(heldOne)).toBe("cancelled");
    expect(await stateOf(mayHavePrinted)).toBe("cancelled");
    // On its way to a printer: not the requester's to stop here; the release decides how it ends.
    expect(await stateOf(releasing)).toBe("releasing");
    expect(await stateOf(fromElsewhere)).toBe("held");
    for (const jobId of others) expect(await stateOf(jobId)).toBe("held");
    const purged = await findJob(server.context.db, heldOne);
    expect(purged).toMatchObject({ wrappedKey: null, sealedTitle: null });
    expect(await cancellations([heldOne, mayHavePrinted, releasing, fromElsewhere, ...others])).toEqual([
      [`job:${heldOne}`, "user:david", "Purge-Jobs"],
      [`job:${mayHavePrinted}`, "user:david", "Purge-Jobs"],
    ]);
  });

  test("Purge-Jobs from someone with no jobs changes nothing and writes nothing", async () => {
    const gretas = await held("greta");
    const before = (await cancellations([gretas])).length;
    expect((await cancelOwnJobs(server.port, { user: "nobody", operation: "purgeJobs" })).status).toBe("successful-ok");
    expect(await stateOf(gretas)).toBe("held");
    expect((await cancellations([gretas])).length).toBe(before);
  });
});
