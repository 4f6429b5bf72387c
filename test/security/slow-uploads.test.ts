// Upload slots against slow and greedy clients (security review M4, reliability review D5, D13),
// with real sockets against a started server: 40 clients trickling 1 KB/s are cut off and an
// honest client gets its job in; one address cannot take every slot; and a client refused because
// the slots are taken reads server-error-busy even while it is still sending a large document.
import { afterEach, describe, expect, test } from "vitest";
import { statusName } from "../../core/ipp/codec/status.js";
import { LIVE_STATES, TERMINAL_STATES } from "../../server/jobs/job-states.js";
import { listJobsOfOwner } from "../../server/store/jobs.js";
import { PDF_START } from "../support/generated-document.js";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";
import { decodeIppAnswer, postIpp, type IppHttpAnswer } from "../support/ipp-http.js";
import { printJob } from "../support/print-requests.js";
import { spoolFiles, withDatabase } from "../support/printvakt-data.js";
import { waitFor } from "../support/processes.js";
import { printJobHeader, startUpload, type Upload } from "./support/ipp-upload.js";

const KiB = 1024;
const MiB = 1024 * KiB;

const running: InProcessServer[] = [];
const uploads: Upload[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const upload of uploads.splice(0)) upload.request.destroy();
  for (const server of running.splice(0)) await server.stop();
});

async function start(env: Record<string, string>): Promise<InProcessServer> {
  const server = await startInProcessServer(env);
  running.push(server);
  return server;
}

/** The IPP status of an answer that must be an IPP response (not a reset, not a bare HTTP error). */
function ippStatusOf(answer: IppHttpAnswer): string {
  expect(answer.status, `HTTP status (body: ${answer.body.subarray(0, 80).toString()})`).toBe(200);
  const message = decodeIppAnswer(answer.body);
  return statusName(message.code) ?? `0x${message.code.toString(16)}`;
}

/** A Print-Job whose header arrives at once and whose document then trickles: `bytes` every second. */
function trickle(server: InProcessServer, options: { user: string; localAddress: string; bytesPerSecond: number }): Upload {
  const upload = startUpload(server.port, { localAddress: options.localAddress });
  uploads.push(upload);
  upload.request.on("error", () => undefined);
  upload.request.write(Buffer.concat([printJobHeader({ user: options.user, title: "Långsam" }), PDF_START]));
  timers.push(setInterval(() => upload.request.write(Buffer.alloc(options.bytesPerSecond, 0x20)), 1_000));
  return upload;
}

/** A header and a first piece of the document, then nothing until the test says so. */
function heldOpen(server: InProcessServer, options: { user: string; localAddress: string }): Upload {
  const upload = startUpload(server.port, { localAddress: options.localAddress });
  uploads.push(upload);
  upload.request.write(Buffer.concat([printJobHeader({ user: options.user, title: uniqueTitle("Öppen") }), PDF_START, Buffer.alloc(4 * KiB, 0x20)]));
  return upload;
}

function partialFiles(server: InProcessServer): Promise<string[]> {
  return spoolFiles(server.dataDir).then((files) => files.filter((file) => file.endsWith(".part")));
}

function jobsOf(server: InProcessServer, owner: string) {
  return withDatabase(server.dataDir, (db) => listJobsOfOwner(db, owner, [...LIVE_STATES, ...TERMINAL_STATES]));
}

// Each upload its own title: the same request again within seconds is taken for a client's resend.
let uploadCount = 0;
const uniqueTitle = (title: string) => `${title} ${(uploadCount += 1)}`;

function printJobFrom(server: InProcessServer, localAddress: string, user: string, documentBytes: number): Promise<IppHttpAnswer> {
  const document = Buffer.concat([PDF_START, Buffer.alloc(documentBytes - PDF_START.length, 0x20)]);
  return postIpp({ port: server.port, localAddress }, Buffer.concat([printJobHeader({ user, title: uniqueTitle("Ärlig") }), document]));
}

describe("slow uploaders (PRINTVAKT_UPLOAD_MIN_RATE=16KiB over PRINTVAKT_UPLOAD_RATE_WINDOW=2s, 8 slots)", () => {
  test("40 clients from 40 addresses sending 1 KB/s are cut off; an honest client's Print-Job gets in and none of theirs is stored", async () => {
    const server = await start({ PRINTVAKT_MAX_UPLOADS: "8", PRINTVAKT_UPLOAD_MIN_RATE: "16KiB", PRINTVAKT_UPLOAD_RATE_WINDOW: "2s" });
    const slow = Array.from({ length: 40 }, (_, index) => trickle(server, { user: "slowpoke", localAddress: `127.0.3.${index + 1}`, bytesPerSecond: KiB }));
    // Every slot is taken by a trickling upload before the honest client first tries.
    await waitFor(async () => ((await partialFiles(server)).length === 8 ? true : undefined), { timeoutMs: 20_000, describe: async () => `${(await partialFiles(server)).length} uploads in the spool` });

    // The honest client retries on busy, as IPP clients do; it gets in once the trickles are cut.
    const statuses: string[] = [];
    await waitFor(
      async () => {
        const answer = await printJob(server.port, { user: "honest", title: "Protokoll", document: Buffer.concat([PDF_START, Buffer.alloc(64 * KiB, 0x20)]) });
        statuses.push(answer.status);
        if (answer.status === "successful-ok") return true;
        expect(answer.status).toBe("server-error-busy");
        await new Promise((resolve) => setTimeout(resolve, 250));
        return undefined;
      },
      { timeoutMs: 45_000, intervalMs: 1, describe: () => `honest client's answers: ${statuses.join(", ")}` },
    );
    // Still trickling from their side, every slow client's connection was closed by the server.
    await Promise.all(slow.map((upload) => upload.closed));
    expect(await jobsOf(server, "slowpoke")).toEqual([]);
    expect(await jobsOf(server, "honest")).toHaveLength(1);
    expect(await partialFiles(server)).toEqual([]);
  });
});

describe("slots per address (PRINTVAKT_MAX_UPLOADS_PER_ADDRESS=2, 4 slots)", () => {
  test("a third upload from one address is refused with server-error-busy while another address is served; the first two complete", async () => {
    const server = await start({ PRINTVAKT_MAX_UPLOADS: "4", PRINTVAKT_MAX_UPLOADS_PER_ADDRESS: "2", PRINTVAKT_UPLOAD_MIN_RATE: "1", PRINTVAKT_UPLOAD_RATE_WINDOW: "1h" });
    const first = heldOpen(server, { user: "greedy", localAddress: "127.0.0.2" });
    const second = heldOpen(server, { user: "greedy", localAddress: "127.0.0.2" });
    await waitFor(async () => ((await partialFiles(server)).length === 2 ? true : undefined), { timeoutMs: 20_000, describe: () => "the two uploads never reached the spool" });

    expect(ippStatusOf(await printJobFrom(server, "127.0.0.2", "greedy", 8 * KiB))).toBe("server-error-busy");
    expect(ippStatusOf(await printJobFrom(server, "127.0.0.3", "other", 8 * KiB))).toBe("successful-ok");

    for (const upload of [first, second]) upload.request.end();
    expect(ippStatusOf(await first.answer)).toBe("successful-ok");
    expect(ippStatusOf(await second.answer)).toBe("successful-ok");
    // Their slots are free again: the same address may send once more.
    expect(ippStatusOf(await printJobFrom(server, "127.0.0.2", "greedy", 8 * KiB))).toBe("successful-ok");
    expect(await jobsOf(server, "greedy")).toHaveLength(3);
  });
});

describe("refused while sending a large document (PRINTVAKT_MAX_UPLOADS=1)", () => {
  test("four 32 MiB Print-Jobs refused because the one slot is taken each read server-error-busy, none a reset", async () => {
    const server = await start({ PRINTVAKT_MAX_UPLOADS: "1", PRINTVAKT_UPLOAD_MIN_RATE: "1", PRINTVAKT_UPLOAD_RATE_WINDOW: "1h" });
    const holder = heldOpen(server, { user: "holder", localAddress: "127.0.0.2" });
    await waitFor(async () => ((await partialFiles(server)).length === 1 ? true : undefined), { timeoutMs: 20_000, describe: () => "the first upload never reached the spool" });

    // postIpp rejects when the connection is reset or the pipe breaks before an answer.
    const answers = await Promise.all(Array.from({ length: 4 }, () => printJobFrom(server, "127.0.0.1", "refused", 32 * MiB)));
    expect(answers.map(ippStatusOf)).toEqual(Array.from({ length: 4 }, () => "server-error-busy"));

    holder.request.end();
    expect(ippStatusOf(await holder.answer)).toBe("successful-ok");
    expect(await jobsOf(server, "refused")).toEqual([]);
  });
});

