// Measures how fast a released document goes out over LPD, beside raw 9100, on loopback, and writes
// the figures to bench/results/lpd-throughput.json. Three paths, each the median of --rounds runs:
//   raw:      RawSocketPrinter → a raw listener (the floor: bytes over TCP, nothing else)
//   lpd:      LpdPrinter → a scripted LPD server that acknowledges each step (the protocol's cost)
//   cups-lpd: LpdPrinter → cups-lpd (socat, as inetd) → private cupsd → raw listener, timed until the
//             last byte reaches the listener (a real LPD server spooling and forwarding; root only)
// Run: npx tsx bench/lpd-throughput.ts [--mib 64] [--rounds 5] [--skip-cups 1]
import { mkdir, writeFile } from "node:fs/promises";
import { cpus } from "node:os";
import { LpdPrinter } from "../drivers/printers/lpd-printer.js";
import { RawSocketPrinter } from "../drivers/printers/raw-socket-printer.js";
import { startLpdServer } from "../test/support/lpd-server.js";
import { startFakeLpd } from "../test/support/printers/fake-lpd-server.js";
import { jobFromBuffer, samplePdf } from "../test/support/printers/outgoing-job.js";
import { startRawPrinter } from "../test/support/raw-printer.js";
import { option } from "./options.js";

const MiB = 1024 * 1024;
const mib = option("mib", 64);
const rounds = option("rounds", 5);
const skipCups = option("skip-cups", 0) === 1;
const document = samplePdf(mib * MiB);

async function medianMiBps(run: () => Promise<void>): Promise<number> {
  const rates: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    await run();
    rates.push(document.length / MiB / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return Number(rates[Math.floor(rates.length / 2)]!.toFixed(1));
}

const raw = await startRawPrinter();
const rawDriver = new RawSocketPrinter(new URL(raw.uri));
const rawRate = await medianMiBps(async () => {
  await rawDriver.submit(jobFromBuffer(document));
});
await raw.stop();

const fake = await startFakeLpd();
const lpdRate = await medianMiBps(async () => {
  await new LpdPrinter(fake.uri).submit(jobFromBuffer(document));
});
await fake.close();

let cupsRate: number | null = null;
if (!skipCups) {
  const server = await startLpdServer();
  try {
    const sink = await server.addQueue("bench");
    let done = 0;
    cupsRate = await medianMiBps(async () => {
      await new LpdPrinter(new URL(server.uri("bench"))).submit(jobFromBuffer(document));
      done += 1;
      await sink.waitForJobs(done, 120_000);
    });
  } finally {
    await server.stop();
  }
}

const figures = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${cpus().length} × ${cpus()[0]?.model ?? "?"}`,
  documentMiB: mib,
  rounds,
  medianMiBPerSecond: { raw9100: rawRate, lpdProtocol: lpdRate, cupsLpdThroughCupsd: cupsRate },
};
await mkdir(new URL("./results/", import.meta.url), { recursive: true });
await writeFile(new URL("./results/lpd-throughput.json", import.meta.url), `${JSON.stringify(figures, null, 2)}\n`);
console.log(JSON.stringify(figures, null, 2));
