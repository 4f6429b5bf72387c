// CUPS's own clients against Printvakt: lp and lpstat pointed straight at the queue (`-h`), and a
// private cupsd whose IPP Everywhere queue forwards to it.
import { execFile } from "node:child_process";
import { access, chmod, mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { LIVE_STATES } from "../../server/jobs/job-states.js";
import { listJobsOfOwner } from "../../server/store/jobs.js";
import { parseRequestId, startCupsd, type Cupsd } from "../support/cupsd.js";
import { makePdf } from "../support/pdf.js";
import { auditEntries, jobOf, withDatabase } from "../support/printvakt-data.js";
import type { ServerProcess } from "../support/printvakt-server.js";
import { runCommand, waitFor, type CommandResult } from "../support/processes.js";
import { startServerWithSink } from "../support/server-with-sink.js";
import { requireTool } from "../support/tools.js";

let scratch: string;
let sinkDir: string;
let document: string;
let server: ServerProcess;
let host: string;

// No lpoptions, client.conf or CUPS_SERVER from the machine; C locale because we read the messages.
function clientEnv(): NodeJS.ProcessEnv {
  const { CUPS_SERVER: _server, CUPS_USER: _user, ...rest } = process.env;
  return { ...rest, HOME: join(scratch, "home"), LC_ALL: "C" };
}

function cups(tool: string, args: readonly string[]): Promise<CommandResult> {
  return runCommand(requireTool(tool), args, { env: clientEnv() });
}

async function heldJobsOf(owner: string) {
  return withDatabase(server.dataDir, (db) => listJobsOfOwner(db, owner, LIVE_STATES));
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "printvakt-cups-clients-"));
  // Readable by every user: one test runs lp as another OS user.
  await chmod(scratch, 0o755);
  await mkdir(join(scratch, "home"));
  document = join(scratch, "report.pdf");
  await writeFile(document, makePdf({ pages: 2, text: "Printvakt via CUPS clients" }), { mode: 0o644 });
  // A printer jobs could be released to: anything arriving in sinkDir would mean something printed.
  ({ server, host, sinkDir } = await startServerWithSink(scratch));
});

afterAll(async () => {
  await server?.stop();
});

describe("lp and lpstat straight at the queue", () => {
  let alicesJob: number;

  test("lp -U alice submits with Create-Job + Send-Document; the octet-stream document is held as PDF", async () => {
    const lp = await cups("lp", ["-h", host, "-U", "alice", "-d", "secure", document]);
    expect(lp.exitCode, lp.stderr).toBe(0);
    alicesJob = parseRequestId(lp.stdout);
    const job = await jobOf(server.dataDir, alicesJob);
    expect(job).toMatchObject({ ownerName: "alice", ownerIdentifiedBy: "requesting-user-name", state: "held", documentFormat: "application/octet-stream", sniffedFormat: "application/pdf" });
    const submitted = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.submitted" && entry.subject === `job:${alicesJob}`);
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.actor).toBe("user:alice");
    expect(submitted[0]!.details).toMatchObject({ operation: "Send-Document", identifiedBy: "requesting-user-name", documentFormat: "application/pdf" });
  });

  test("without -U, lp sends the name of the OS user running it", async () => {
    if (process.getuid?.() !== 0) throw new Error("this test runs lp as the OS user nobody, which needs root (CI runs as root)");
    const entry = (await runCommand("getent", ["passwd", "nobody"])).stdout.split(":");
    const [uid, gid] = [Number(entry[2]), Number(entry[3])];
    expect(Number.isInteger(uid) && Number.isInteger(gid), "getent passwd nobody").toBe(true);
    const before = (await heldJobsOf("nobody")).length;
    const lp = await promisify(execFile)(requireTool("lp"), ["-h", host, "-d", "secure", document], { env: { ...clientEnv(), HOME: "/nonexistent" }, uid, gid });
    const jobId = parseRequestId(lp.stdout);
    expect((await jobOf(server.dataDir, jobId))?.ownerName).toBe("nobody");
    expect((await heldJobsOf("nobody")).length).toBe(before + 1);
  });

  test("lpstat lists alice's job for alice under the queue name lp used, with today's date, and not for bob", async () => {
    const year = String(new Date().getFullYear());
    for (const args of [["-o"], ["-W", "all", "-o"], ["-o", "secure"]]) {
      const asAlice = await cups("lpstat", ["-h", host, "-U", "alice", ...args]);
      expect(asAlice.exitCode, asAlice.stderr).toBe(0);
      // lp said "request id is secure-N": lpstat names the queue after job-printer-uri (review F12).
      const line = asAlice.stdout.split("\n").find((candidate) => candidate.startsWith(`secure-${alicesJob} `));
      expect(line, asAlice.stdout).toMatch(/^secure-\d+\s+alice\s+\d+\s+/);
      // lpstat prints time-at-creation as a date: it must be now, not 1970.
      expect(line).toContain(year);
      const asBob = await cups("lpstat", ["-h", host, "-U", "bob", ...args]);
      expect(asBob.exitCode, asBob.stderr).toBe(0);
      expect(asBob.stdout).toBe("");
    }
  });

  test("lp -i N -H resume is accepted for the owner but leaves the job held and prints nothing", async () => {
    const resume = await cups("lp", ["-h", host, "-U", "alice", "-i", String(alicesJob), "-H", "resume"]);
    expect(resume.exitCode, resume.stderr).toBe(0);
    const asBob = await cups("lp", ["-h", host, "-U", "bob", "-i", String(alicesJob), "-H", "resume"]);
    expect(asBob.exitCode).toBe(1);
    expect(asBob.stderr).toMatch(/lp: The job does not exist\n$/);
    expect((await jobOf(server.dataDir, alicesJob))?.state).toBe("held");
    const detail = await cups("lpstat", ["-h", host, "-U", "alice", "-l", "-o"]);
    expect(detail.stdout).toContain("Alerts: job-hold-until-specified");
    expect(await readdir(sinkDir)).toEqual([]);
    const types = (await auditEntries(server.dataDir)).map((entry) => entry.type);
    expect(types).not.toContain("job.released");
  });
});

describe("a private cupsd with an IPP Everywhere queue pointing at Printvakt", () => {
  let cupsd: Cupsd;
  beforeAll(async () => {
    cupsd = await startCupsd();
  });
  afterAll(async () => {
    await cupsd?.stop();
  });

  test("lpadmin -m everywhere builds a PPD from our attributes, and lp through cupsd arrives as a held job", async () => {
    const added = await cupsd.lpadmin(["-p", "SecurePrint", "-E", "-v", `ipp://${host}/ipp/print`, "-m", "everywhere"]);
    expect(added.exitCode, added.stderr).toBe(0);
    const ppd = join(cupsd.serverRoot, "ppd", "SecurePrint.ppd");
    // cupsd asks our attributes and writes the PPD after lpadmin has returned.
    await waitFor(async () => ((await access(ppd).then(() => true, () => false)) ? true : undefined), {
      timeoutMs: 30_000,
      describe: async () => `cupsd wrote no ${ppd}:\n${await cupsd.errorLog()}`,
    });
    const options = await cupsd.run("lpoptions", ["-p", "SecurePrint", "-l"]);
    // What the PPD offers is what we advertise: A4 default, duplex, colour.
    expect(options.stdout).toMatch(/^PageSize\/.*\*A4/m);
    expect(options.stdout).toMatch(/^Duplex\/.*DuplexNoTumble/m);
    expect(options.stdout).toMatch(/^ColorModel\/.*RGB/m);

    const lp = await cupsd.lp(["-d", "SecurePrint", "-U", "carol", "-t", "Carol's notes", document]);
    expect(lp.exitCode, lp.stderr).toBe(0);
    const [job] = await waitFor(async () => {
      const jobs = await heldJobsOf("carol");
      return jobs.length > 0 && jobs[0]!.state === "held" ? jobs : undefined;
    }, { timeoutMs: 30_000, describe: async () => `no held job for carol reached Printvakt:\n${await cupsd.errorLog()}` });
    expect(job).toMatchObject({ ownerName: "carol", ownerIdentifiedBy: "requesting-user-name", state: "held", sniffedFormat: "application/pdf" });
    expect(await readdir(sinkDir)).toEqual([]);
  });
});
