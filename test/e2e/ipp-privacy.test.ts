// Privacy and owner identity on the IPP queue: other people's jobs do not exist for you, titles are
// the owner's alone, and who owns a job is either believed (trusted network) or proven (HTTP Basic).
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { findAttribute, firstInteger, firstString, groupsWithTag, integerOf } from "../../core/ipp/codec/accessors.js";
import { IppOperation } from "../../core/ipp/codec/operations.js";
import { GroupTag } from "../../core/ipp/codec/tags.js";
import type { IppAttribute, IppGroup } from "../../core/ipp/codec/types.js";
import { attr, bool, integer, jobGroup, keyword, mimeMediaType, name, uri } from "../../core/ipp/codec/values.js";
import { callIpp, type IppAnswer } from "../support/ipp-client.js";
import { runIpptool } from "../support/ipptool.js";
import { makePdf } from "../support/pdf.js";
import { runPrintvakt } from "../support/printvakt-cli.js";
import { findUserByName } from "../../server/store/users.js";
import { auditEntries, jobOf, withDatabase } from "../support/printvakt-data.js";
import { startPrintvaktServer, type ServerProcess } from "../support/printvakt-server.js";

const PDF = makePdf({ text: "Privacy test" });
const ALICES_TITLE = "Alice - case notes 19800101-1234";

interface Ask {
  user?: string;
  operation: number;
  attributes?: IppAttribute[];
  groups?: IppGroup[];
  document?: Buffer;
  requestId?: number;
  credentials?: { username: string; password: string };
}

function asker(server: () => ServerProcess) {
  return (ask: Ask): Promise<IppAnswer> => {
    const { port } = server();
    return callIpp({
      url: `http://127.0.0.1:${port}/ipp/print`,
      operation: ask.operation,
      requestId: ask.requestId,
      credentials: ask.credentials,
      attributes: [
        attr("printer-uri", uri(`ipp://127.0.0.1:${port}/ipp/print`)),
        ...(ask.user === undefined ? [] : [attr("requesting-user-name", name(ask.user))]),
        ...(ask.attributes ?? []),
      ],
      groups: ask.groups,
      document: ask.document,
    });
  };
}

function jobIdOf(answer: IppAnswer): number {
  const id = answer.message ? firstInteger(answer.message, GroupTag.job, "job-id") : undefined;
  if (id === undefined) throw new Error(`no job-id in the answer: HTTP ${answer.httpStatus} ${answer.status ?? answer.body.toString()}`);
  return id;
}

const cli = (dataDir: string, args: string[], input?: string) => runPrintvakt(args, { env: { PRINTVAKT_DATA_DIR: dataDir }, input });

describe("on a trusted network", () => {
  let server: ServerProcess;
  const ask = asker(() => server);
  let alicesHeld: number;
  let alicesIncoming: number;
  let alicesCancelled: number;
  let bobsJob: number;

  const printJob = async (user: string, title: string) =>
    jobIdOf(await ask({ user, operation: IppOperation.printJob, attributes: [attr("job-name", name(title)), attr("document-format", mimeMediaType("application/pdf"))], document: PDF }));

  beforeAll(async () => {
    server = await startPrintvaktServer();
    alicesHeld = await printJob("alice", ALICES_TITLE);
    alicesIncoming = jobIdOf(await ask({ user: "alice", operation: IppOperation.createJob, attributes: [attr("job-name", name(ALICES_TITLE))] }));
    // Another title: the same request again within seconds is a resend, answered with the first job.
    alicesCancelled = await printJob("alice", `${ALICES_TITLE} (kopia)`);
    expect((await ask({ user: "alice", operation: IppOperation.cancelJob, attributes: [attr("job-id", integer(alicesCancelled))] })).status).toBe("successful-ok");
    bobsJob = await printJob("bob", "Bob's own page");
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe("another person's job answers exactly like a job that does not exist", () => {
    const MISSING = 999_999;
    const held = () => alicesHeld;
    const incoming = () => alicesIncoming;
    const cases: [string, number, () => number, Omit<Ask, "operation" | "user">][] = [
      ["Get-Job-Attributes", IppOperation.getJobAttributes, held, {}],
      ["Cancel-Job", IppOperation.cancelJob, held, {}],
      ["Send-Document", IppOperation.sendDocument, incoming, { attributes: [attr("document-format", mimeMediaType("application/pdf")), attr("last-document", bool(true))], document: PDF }],
      ["Hold-Job", IppOperation.holdJob, held, {}],
      ["Release-Job", IppOperation.releaseJob, held, {}],
      ["Set-Job-Attributes", IppOperation.setJobAttributes, held, { groups: [jobGroup([attr("job-hold-until", keyword("no-hold"))])] }],
      ["Close-Job", IppOperation.closeJob, incoming, {}],
    ];

    test.each(cases)("%s: same status, same message, same attributes, byte for byte", async (_name, operation, target, extra) => {
      const jobId = target();
      const stateBefore = (await jobOf(server.dataDir, jobId))?.state;
      // The same request-id for both, so the answers can be compared whole.
      const others = await ask({ ...extra, user: "bob", operation, requestId: 7, attributes: [attr("job-id", integer(jobId)), ...(extra.attributes ?? [])] });
      const missing = await ask({ ...extra, user: "bob", operation, requestId: 7, attributes: [attr("job-id", integer(MISSING)), ...(extra.attributes ?? [])] });
      expect(others.httpStatus).toBe(200);
      expect(others.status).toBe("client-error-not-found");
      expect(others.headers["content-type"]).toBe(missing.headers["content-type"]);
      expect(others.body.equals(missing.body), `${others.body.toString("hex")}\n${missing.body.toString("hex")}`).toBe(true);
      // ... and nothing happened to alice's job.
      expect((await jobOf(server.dataDir, jobId))?.state).toBe(stateBefore);
    });

    test("also when the job is named by job-uri", async () => {
      const byUri = (id: number) => ask({ user: "bob", operation: IppOperation.getJobAttributes, requestId: 9, attributes: [attr("job-uri", uri(`ipp://127.0.0.1:${server.port}/ipp/print/${id}`))] });
      const [others, missing] = [await byUri(alicesHeld), await byUri(MISSING)];
      expect(others.status).toBe("client-error-not-found");
      expect(others.body.equals(missing.body)).toBe(true);
    });

    test("the owner, asking the same, gets her job (so the refusals above are about ownership)", async () => {
      const own = await ask({ user: "alice", operation: IppOperation.getJobAttributes, attributes: [attr("job-id", integer(alicesHeld))] });
      expect(own.status).toBe("successful-ok");
      // Believed only by name, she sees "Job N": titles need HTTP Basic over TLS (review H4).
      expect(firstString(own.message!, GroupTag.job, "job-name")).toBe(`Job ${alicesHeld}`);
      expect(own.body.includes(Buffer.from(ALICES_TITLE))).toBe(false);
      expect(firstString(own.message!, GroupTag.job, "job-originating-user-name")).toBe("alice");
    });
  });

  test("queued-job-count counts every live job, anyone's, and none that is cancelled", async () => {
    // alice's held and incoming jobs and bob's; alice's cancelled one is gone.
    const answer = await ask({ operation: IppOperation.getPrinterAttributes, attributes: [attr("requested-attributes", keyword("queued-job-count"))] });
    expect(answer.status).toBe("successful-ok");
    expect(firstInteger(answer.message!, GroupTag.printer, "queued-job-count")).toBe(3);
  });

  describe("Get-Jobs never lists other people's jobs", () => {
    const listing = (user: string | undefined, which: string, myJobs: boolean) =>
      ask({
        user,
        operation: IppOperation.getJobs,
        attributes: [attr("which-jobs", keyword(which)), attr("my-jobs", bool(myJobs)), attr("requested-attributes", keyword("job-id"), keyword("job-name"), keyword("job-originating-user-name"))],
      });
    const idsIn = (answer: IppAnswer) => groupsWithTag(answer.message!, GroupTag.job).map((group) => integerOf(findAttribute(group, "job-id")?.values[0]));

    test.each([
      ["all", false],
      ["all", true],
      ["not-completed", false],
      ["completed", false],
    ] as const)("which-jobs=%s my-jobs=%s: bob sees only his own", async (which, myJobs) => {
      const answer = await listing("bob", which, myJobs);
      expect(answer.status).toBe("successful-ok");
      expect(idsIn(answer)).toEqual(which === "completed" ? [] : [bobsJob]);
      expect(answer.body.includes(Buffer.from(ALICES_TITLE))).toBe(false);
      expect(answer.body.includes(Buffer.from("alice"))).toBe(false);
    });

    test("alice sees hers as \"Job N\" (a bare name gets no titles); a request without a user name sees none", async () => {
      const live = await listing("alice", "not-completed", false);
      expect(idsIn(live).sort()).toEqual([alicesHeld, alicesIncoming].sort());
      expect(live.body.includes(Buffer.from(ALICES_TITLE))).toBe(false);
      const completed = await listing("alice", "completed", false);
      expect(idsIn(completed)).toEqual([alicesCancelled]);
      // The title was sealed with the job's key, which cancelling destroyed.
      expect(firstString(completed.message!, GroupTag.job, "job-name")).toBe(`Job ${alicesCancelled}`);
      const anonymous = await listing(undefined, "all", false);
      expect(anonymous.status).toBe("successful-ok");
      expect(idsIn(anonymous)).toEqual([]);
    });
  });

  describe("owner identity", () => {
    beforeAll(async () => {
      expect((await cli(server.dataDir, ["user", "add", "alice"])).code).toBe(0);
      expect((await cli(server.dataDir, ["user", "password", "alice"], "correct horse battery\n")).code).toBe(0);
    });

    test("a job from a trusted network records that its owner was identified by requesting-user-name", async () => {
      const submitted = (await auditEntries(server.dataDir)).find((entry) => entry.type === "job.submitted" && entry.subject === `job:${alicesHeld}`);
      expect(submitted?.actor).toBe("user:alice");
      expect(submitted?.details.identifiedBy).toBe("requesting-user-name");
    });

    test("`printvakt user password` sets an argon2 hash from standard input and audits it without the value", async () => {
      expect((await cli(server.dataDir, ["user", "add", "dora"])).code).toBe(0);
      const set = await cli(server.dataDir, ["user", "password", "dora"], "doras long secret\n");
      expect(set).toMatchObject({ code: 0, stdout: "password set for dora\n" });
      const hash = await withDatabase(server.dataDir, async (db) => (await findUserByName(db, "dora"))?.passwordHash);
      expect(hash).toMatch(/^\$argon2id\$/);
      const changed = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "admin.changed" && entry.subject === "user:dora");
      expect(changed.map((entry) => entry.details)).toEqual([
        { action: "added", fields: ["username", "displayName"] },
        { action: "changed", fields: ["password"] },
      ]);
      expect(JSON.stringify(changed)).not.toContain("doras long secret");
      expect(await cli(server.dataDir, ["user", "password", "dora"], "short\n")).toMatchObject({ code: 1, stderr: "printvakt: a password is 8 to 1024 characters\n" });
      expect(await cli(server.dataDir, ["user", "password", "nobody-here"], "long enough\n")).toMatchObject({ code: 1, stderr: "printvakt: no user named nobody-here\n" });
      expect(await cli(server.dataDir, ["user", "password", "dora", "--remove"])).toMatchObject({ code: 0, stdout: "password removed for dora\n" });
      expect(await withDatabase(server.dataDir, async (db) => (await findUserByName(db, "dora"))?.passwordHash)).toBeNull();
    });

    test("HTTP Basic proves the owner, whatever requesting-user-name says", async () => {
      const answer = await ask({ user: "mallory", operation: IppOperation.printJob, attributes: [attr("document-format", mimeMediaType("application/pdf"))], document: PDF, credentials: { username: "alice", password: "correct horse battery" } });
      const jobId = jobIdOf(answer);
      expect(await jobOf(server.dataDir, jobId)).toMatchObject({ ownerName: "alice", ownerIdentifiedBy: "http-basic" });
      const submitted = (await auditEntries(server.dataDir)).find((entry) => entry.type === "job.submitted" && entry.subject === `job:${jobId}`);
      expect(submitted?.actor).toBe("user:alice");
      expect(submitted?.details.identifiedBy).toBe("http-basic");
    });

    test("a wrong password gets 401 with a Basic challenge, and a changed password stops working at once", async () => {
      const tryPassword = (password: string) => ask({ user: "alice", operation: IppOperation.getJobs, credentials: { username: "alice", password } });
      const wrong = await tryPassword("not her password");
      expect(wrong.httpStatus).toBe(401);
      expect(wrong.headers["www-authenticate"]).toBe('Basic realm="Printvakt", charset="UTF-8"');
      expect((await tryPassword("correct horse battery")).status).toBe("successful-ok");
      expect((await cli(server.dataDir, ["user", "password", "alice"], "a new long password\n")).code).toBe(0);
      expect((await tryPassword("correct horse battery")).httpStatus).toBe(401);
      expect((await tryPassword("a new long password")).status).toBe("successful-ok");
    });
  });
});

describe("from a network that is not trusted (127.0.0.1 outside PRINTVAKT_TRUSTED_NETWORKS)", () => {
  let server: ServerProcess;
  const ask = asker(() => server);
  // Job ids start at 1: no job 1 means no job was ever made.
  const noJobMade = async () => (await jobOf(server.dataDir, 1)) === null;
  const printAsAlice = (credentials?: Ask["credentials"]) =>
    ask({ user: "alice", operation: IppOperation.printJob, attributes: [attr("document-format", mimeMediaType("application/pdf"))], document: PDF, credentials });

  beforeAll(async () => {
    server = await startPrintvaktServer({ PRINTVAKT_TRUSTED_NETWORKS: "10.0.0.0/8" });
    expect((await cli(server.dataDir, ["user", "add", "alice"])).code).toBe(0);
    expect((await cli(server.dataDir, ["user", "password", "alice"], "correct horse battery\n")).code).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("a job without credentials gets HTTP 401 with a Basic challenge, and no job is made", async () => {
    const answer = await printAsAlice();
    expect(answer.httpStatus).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe('Basic realm="Printvakt", charset="UTF-8"');
    const ipptool = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile: "print-job.test", timeoutMs: 60_000 });
    expect(ipptool.failed).toEqual(["Print file using Print-Job"]);
    expect(await noJobMade()).toBe(true);
  });

  test("the printer tells such a client to authenticate with Basic", async () => {
    const answer = await ask({ operation: IppOperation.getPrinterAttributes, attributes: [attr("requested-attributes", keyword("uri-authentication-supported"))] });
    expect(answer.status).toBe("successful-ok");
    expect(firstString(answer.message!, GroupTag.printer, "uri-authentication-supported")).toBe("basic");
  });

  test("correct credentials over plain HTTP are refused (403): passwords travel only over TLS", async () => {
    const answer = await printAsAlice({ username: "alice", password: "correct horse battery" });
    expect(answer.httpStatus).toBe(403);
    expect(answer.body.toString()).toBe("send credentials only over IPPS (TLS)\n");
    const ipptool = await runIpptool({ uri: `ipp://alice:correct%20horse%20battery@127.0.0.1:${server.port}/ipp/print`, testFile: "print-job.test", timeoutMs: 60_000 });
    expect(ipptool.failed).toEqual(["Print file using Print-Job"]);
    expect(await noJobMade()).toBe(true);
  });
});

describe("with PRINTVAKT_REQUIRE_AUTH=true, even on a trusted network", () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startPrintvaktServer({ PRINTVAKT_REQUIRE_AUTH: "true" });
    expect((await cli(server.dataDir, ["user", "add", "alice"])).code).toBe(0);
    expect((await cli(server.dataDir, ["user", "password", "alice"], "correct horse battery\n")).code).toBe(0);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("ipptool with user:pass@host in the URI answers the Basic challenge and the job is alice's", async () => {
    const withoutPassword = await runIpptool({ uri: `ipp://127.0.0.1:${server.port}/ipp/print`, testFile: "print-job.test", timeoutMs: 60_000 });
    expect(withoutPassword.failed).toEqual(["Print file using Print-Job"]);
    expect(await jobOf(server.dataDir, 1)).toBeNull();
    const run = await runIpptool({ uri: `ipp://alice:correct%20horse%20battery@127.0.0.1:${server.port}/ipp/print`, testFile: "print-job.test", timeoutMs: 60_000 });
    expect(run.failed, run.output).toEqual([]);
    expect(run.passed).toEqual(["Print file using Print-Job"]);
    // ipptool sends the OS user as requesting-user-name; the proven name wins.
    expect(await jobOf(server.dataDir, 1)).toMatchObject({ ownerName: "alice", ownerIdentifiedBy: "http-basic", state: "held" });
    const submitted = (await auditEntries(server.dataDir)).filter((entry) => entry.type === "job.submitted");
    expect(submitted.map((entry) => [entry.subject, entry.actor, entry.details.identifiedBy])).toEqual([["job:1", "user:alice", "http-basic"]]);
  });
});
