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

/** Reads one connection as an LPD server does: a command line, then subcommand lines each followed by a counted file and a zero octet. */
export async function startFakeLpd(script: LpdScript = {}): Promise<FakeLpd> {
  const received: LpdConnection[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    const got: LpdConnection = { lines: [], aborted: false, ended: false };
    received.push(got);
    let buffer = Buffer.alloc(0);
    let file: { kind: number; remaining: number } | undefined;
    const answer = (step: LpdStep) => socket.write(Buffer.from([script.refuse === step ? 1 : 0]));
    const afterData = () => {
      if (script.afterData === "close") socket.destroy();
      else if (script.afterData !== "silent") answer("data");
    };
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        if (file !== undefined) {
          if (buffer.length < file.remaining + 1) return;
          const content = buffer.subarray(0, file.remaining);
          buffer = buffer.subarray(file.remaining + 1);
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
        const end = buffer.indexOf(0x0a);
        if (end < 0) return;
        const line = buffer.subarray(0, end);
        buffer = buffer.subarray(end + 1);
        const text = line.subarray(1).toString("latin1");
        got.lines.push(`${line[0]} ${text}`);
        if (got.queue === undefined) {
          got.queue = text;
          answer("job");
        } else if (line[0] === 1) {
          got.aborted = true;
        } else {
          file = { kind: line[0]!, remaining: Number(text.split(" ")[0]) };
          answer(line[0] === 2 ? "control-command" : "data-command");
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
