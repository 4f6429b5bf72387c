// Review L7 and I4 against a started server: the database and its WAL and SHM files are readable by
// the service account only, also where DATABASE_URL puts them outside the data directory, and an
// older install's open files are tightened at start; slow request headers are cut at
// PRINTVAKT_HEADER_TIMEOUT, not at Node's 30-second check.
import { chmod, mkdir, mkdtemp, rm, stat } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { startInProcessServer, type InProcessServer } from "../support/in-process-server.js";

const scratch: string[] = [];
const servers: InProcessServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.stop({ keepData: true });
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "printvakt-modes-"));
  scratch.push(dir);
  return dir;
}

const modeOf = async (file: string) => (await stat(file)).mode & 0o777;

describe("L7: the database files", () => {
  test("with DATABASE_URL outside the data directory, the database, its WAL and SHM are created 0600", async () => {
    // The review's case: only the 0700 data directory protected the file, and here it is elsewhere.
    const elsewhere = await tempDir();
    await chmod(elsewhere, 0o755);
    const database = path.join(elsewhere, "printvakt.db");
    const server = await startInProcessServer({ PRINTVAKT_DATA_DIR: path.join(await tempDir(), "data"), DATABASE_URL: `file:${database}` });
    servers.push(server);
    // The server has written (migrations, the audit of its start): the WAL and SHM files exist.
    expect(await modeOf(database)).toBe(0o600);
    expect(await modeOf(`${database}-wal`)).toBe(0o600);
    expect(await modeOf(`${database}-shm`)).toBe(0o600);
  });

  test("an install an older version left 0644 (and its data directory 0755) is tightened at the next start", async () => {
    const dataDir = path.join(await tempDir(), "data");
    const first = await startInProcessServer({ PRINTVAKT_DATA_DIR: dataDir });
    await first.stop({ keepData: true });
    const database = path.join(dataDir, "printvakt.db");
    await chmod(dataDir, 0o755);
    await chmod(database, 0o644);
    const second = await startInProcessServer({ PRINTVAKT_DATA_DIR: dataDir });
    servers.push(second);
    expect(await modeOf(dataDir)).toBe(0o700);
    expect(await modeOf(database)).toBe(0o600);
    expect(await modeOf(`${database}-wal`)).toBe(0o600);
    expect(await modeOf(`${database}-shm`)).toBe(0o600);
  });

  test("a shared directory with the sticky bit is left as it is", async () => {
    const shared = path.join(await tempDir(), "shared");
    await mkdir(shared);
    await chmod(shared, 0o1777);
    const server = await startInProcessServer({ PRINTVAKT_DATA_DIR: shared });
    servers.push(server);
    expect(await modeOf(shared)).toBe(0o777);
    expect(await modeOf(path.join(shared, "printvakt.db"))).toBe(0o600);
  });
});

describe("I4: slow request headers", () => {
  test("are cut at the header timeout (2 s), long before Node's own 30-second check", async () => {
    const server = await startInProcessServer({ PRINTVAKT_HEADER_TIMEOUT: "2s", PRINTVAKT_IDLE_TIMEOUT: "60s" });
    servers.push(server);
    // The review's slow-headers client: one octet every 200 ms. All of these would take 24 s;
    // the server must answer 408 and close while most are still unsent.
    const headers = Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${"a".repeat(80)}\r\n\r\n`);
    const socket = net.connect(server.port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk: Buffer) => (answer += chunk.toString("latin1")));
    const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
    let sent = 0;
    const trickle = setInterval(() => {
      if (socket.destroyed || sent >= headers.length) return clearInterval(trickle);
      socket.write(headers.subarray(sent, sent + 1));
      sent += 1;
    }, 200);
    await closed;
    clearInterval(trickle);
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(sent).toBeLessThan(headers.length / 2);
  }, 40_000);
});
