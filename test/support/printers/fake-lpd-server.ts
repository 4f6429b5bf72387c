// A scripted LPD server (RFC 1179) for the failure modes a real one will not show on demand: a
// refusal at a chosen step, a close or a silence after the document. cups-lpd is the real one
// (test/support/lpd-server.ts).
import net from "node:net";
import type { AddressInfo } from "node:net";

export type LpdStep = "job" | "control-command" | "control" | "data-command" | "data";

export interface LpdScript {
  /** Answer this step with 1 instead of 0. */
  refuse?: LpdStep;
  /** After the document: close without answering, or never answer. */
  afterData?: "close" | "silent";
  /** Stop reading once the document starts: the sender's buffers fill and it must give up on its own. */
  stallInData?: boolean;
  /**
   * Take the document only a little at a time: what has arrived is read every 100 ms, so the
   * sender always sees some progress and its idle timeout never fires (review 2026-12-06, F1).
   */
  trickleInData?: boolean;
  /**
   * Octets no step asked for (security review of 2026-12-06, F2/F3): "at-connect" sends four zero
   * octets before reading anything, as if every step were accepted in advance; "flood" follows the
   * job's acknowledgement with a megabyte of zeros.
   */
  unasked?: "at-connect" | "flood";
}

export interface LpdConnection {
  queue?: string;
  lines: string[];
  control?: string;
  data?: Buffer;
  aborted: boolean;
  ended: boolean;
}

export interface FakeLpd {
  uri: URL;
  received: LpdConnection[];
  close(): Promise<void>;
}

/** Paused, the socket is read only on each tick (read() hands what it holds to the "data" listener). */
function readEvery(socket: net.Socket, intervalMs: number): void {
  socket.pause();
  const timer = setInterval(() => socket.read(), intervalMs);
  socket.once("close", () => clearInterval(timer));
}

/** Reads one connection as an LPD server does: a command line, then subcommand lines each followed by a counted file and a zero octet. */
export async function startFakeLpd(script: LpdScript = {}): Promise<FakeLpd> {
  const received: LpdConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    const got: LpdConnection = { lines: [], aborted: false, ended: false };
    received.push(got);
    // What arrived and is not read yet, kept as chunks: joined only when a whole file or a line is
    // there, so a large document costs one copy, not one per chunk.
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    const joined = (): Buffer => {
      if (pending.length > 1) pending = [Buffer.concat(pending)];
      return pending[0] ?? Buffer.alloc(0);
    };
    const take = (bytes: number): Buffer => {
      const all = joined();
      pending = all.length > bytes ? [all.subarray(bytes)] : [];
      pendingBytes = all.length - bytes;
      return all.subarray(0, bytes);
    };
    let file: { kind: number; remaining: number } | undefined;
    const answer = (step: LpdStep) => socket.write(Buffer.from([script.refuse === step ? 1 : 0]));
    if (script.unasked === "at-connect") socket.write(Buffer.alloc(4));
    const afterData = () => {
      if (script.afterData === "close") socket.destroy();
      else if (script.afterData !== "silent") answer("data");
    };
    socket.on("data", (chunk: Buffer) => {
      pending.push(chunk);
      pendingBytes += chunk.length;
      for (;;) {
        if (file !== undefined) {
          if (pendingBytes < file.remaining + 1) return;
          // The file and its terminating zero octet.
          const content = take(file.remaining + 1).subarray(0, file.remaining);
          if (file.kind === 2) {
            got.control = content.toString("latin1");
            answer("control");
          } else {
            got.data = Buffer.from(content);
            afterData();
          }
          file = undefined;
          continue;
        }
        const end = joined().indexOf(0x0a);
        if (end < 0) return;
        const line = take(end + 1).subarray(0, end);
        const text = line.subarray(1).toString("latin1");
        got.lines.push(`${line[0]} ${text}`);
        if (got.queue === undefined) {
          got.queue = text;
          answer("job");
          if (script.unasked === "flood") socket.write(Buffer.alloc(1024 * 1024));
        } else if (line[0] === 1) {
          got.aborted = true;
        } else {
          file = { kind: line[0]!, remaining: Number(text.split(" ")[0]) };
          answer(line[0] === 2 ? "control-command" : "data-command");
          if (line[0] === 3 && script.stallInData) socket.pause();
          if (line[0] === 3 && script.trickleInData) readEvery(socket, 100);
        }
      }
    });
    socket.on("end", () => {
      got.ended = true;
      socket.end();
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    uri: new URL(`lpd://127.0.0.1:${port}/laser`),
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
