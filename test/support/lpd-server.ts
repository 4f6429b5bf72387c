// An LPD server of real parts: cups-lpd (Debian's cups-bsd), started for each connection by socat
// as inetd would start it, in front of a private cupsd whose raw queues send each job on to a raw
// TCP listener (cupsd's own socket backend), which keeps the bytes. A file: queue would be simpler,
// but Debian's cupsd 2.4.2 runs nothing for a raw job on a file: device: checked, the job is
// "completed" and the file never written.
import { accessSync, constants } from "node:fs";
import net from "node:net";
import { startCupsd, type Cupsd } from "./cupsd.js";
import { freePort } from "./free-port.js";
import { spawnGuarded, stopProcess, waitFor } from "./processes.js";
import { startRawPrinter, type RawPrinter } from "./raw-printer.js";
import { requireTool } from "./tools.js";

const CUPS_LPD = "/usr/lib/cups/daemon/cups-lpd";

export interface LpdServer {
  port: number;
  cupsd: Cupsd;
  /** lpd://127.0.0.1:PORT/QUEUE */
  uri(queue: string): string;
  /** A shared raw queue whose jobs go to their own raw listener; returns that listener. */
  addQueue(name: string): Promise<RawPrinter>;
  stop(): Promise<void>;
}

function cupsLpd(): string {
  try {
    accessSync(CUPS_LPD, constants.X_OK);
    return CUPS_LPD;
  } catch {
    throw new Error(`${CUPS_LPD} is not installed (Debian package cups-bsd): run scripts/install-test-deps.sh`);
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export async function startLpdServer(): Promise<LpdServer> {
  const socat = requireTool("socat");
  const daemon = cupsLpd();
  const cupsd = await startCupsd();
  const listeners: RawPrinter[] = [];
  const port = await freePort();
  // -n: no reverse lookups of the client. CUPS_SERVER (inherited from socat) points cups-lpd at the
  // private cupsd; its -h option cannot be used, since socat splits its address strings at colons.
  // The shell holds the connection open a moment after cups-lpd exits: when cups-lpd answered a
  // refusal and exited at once, socat closed the connection without passing the answer on in 6 of 40
  // tries (checked), and the client saw a bare close instead of the refusal.
  const child = spawnGuarded(socat, [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `SYSTEM:${daemon} -n; sleep 0.2`], { stdio: "ignore", env: cupsd.env });
  try {
    await waitFor(async () => ((await accepts(port)) ? true : undefined), { timeoutMs: 10_000, describe: async () => `socat did not listen on ${port}` });
  } catch (error) {
    await stopProcess(child);
    await cupsd.stop();
    throw error;
  }
  return {
    port,
    cupsd,
    uri: (queue) => `lpd://127.0.0.1:${port}/${queue}`,
    addQueue: async (name) => {
      const listener = await startRawPrinter();
      listeners.push(listener);
      // cups-lpd takes jobs only for shared queues.
      const result = await cupsd.lpadmin(["-p", name, "-E", "-v", listener.uri, "-m", "raw", "-o", "printer-is-shared=true"]);
      if (result.exitCode !== 0) throw new Error(`lpadmin could not add ${name}: ${result.stderr}${result.stdout}`);
      return listener;
    },
    stop: async () => {
      await stopProcess(child);
      await cupsd.stop();
      await Promise.all(listeners.map((listener) => listener.stop()));
    },
  };
}
