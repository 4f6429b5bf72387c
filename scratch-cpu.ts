// ad hoc: per-thread CPU of the printvakt server while ingesting (not committed)
import { spawn } from "node:child_process";
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import path from "node:path";
import os from "node:os";
import { encodeIppMessage } from "./server/ipp/codec/encode.js";
import { attr, charset, mimeMediaType, name, naturalLanguage, operationGroup, uri } from "./server/ipp/codec/values.js";
import { generatedDocument, withHeader } from "./test/support/generated-document.js";
import { decodeIppAnswer, postIpp } from "./test/support/ipp-http.js";
const dataDir = await mkdtemp(path.join(os.tmpdir(), "pv-cpu-"));
const child = spawn(process.execPath, [...(process.argv[3] ? [process.argv[3]] : []), "bin/printvakt.js", "serve"], { env: { ...process.env, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_QUOTA_JOBS: "1000" }, stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise<number>((resolve) => { let buf = ""; child.stdout!.on("data", (c) => { buf += c; const m = /"port":(\d+)/.exec(buf); if (m) resolve(Number(m[1])); }); });
async function threads() { const out: Record<string, [number, number]> = {}; for (const t of await readdir(`/proc/${child.pid}/task`)) { const s = await readFile(`/proc/${child.pid}/task/${t}/stat`, "utf8"); const comm = s.slice(s.indexOf("(") + 1, s.lastIndexOf(")")); const f = s.slice(s.lastIndexOf(")") + 2).split(" "); const k = `${comm}:${t}`; const prev = out[k] ?? [0, 0]; out[k] = [prev[0] + Number(f[11]) / 100, prev[1] + Number(f[12]) / 100]; } return out; }
let n = 0;
async function submit(bytes: number) {
  n++;
  const header = encodeIppMessage({ version: { major: 2, minor: 0 }, code: 2, requestId: n, groups: [operationGroup([attr("attributes-charset", charset("utf-8")), attr("attributes-natural-language", naturalLanguage("en")), attr("printer-uri", uri("ipp://127.0.0.1/ipp/print")), attr("requesting-user-name", name(`u${n}`)), attr("job-name", name("x")), attr("document-format", mimeMediaType("application/pdf"))])] });
  const t0 = performance.now();
  const a = await postIpp({ port }, withHeader(header, generatedDocument(bytes)));
  return [decodeIppAnswer(a.body).code, (performance.now() - t0).toFixed(0)];
}
await submit(1e6);
const size = Number(process.argv[2] ?? 1e9);
const before = await threads(); const c0 = process.cpuUsage();
console.log("submit", ...(await submit(size)));
const after = await threads(); const c = process.cpuUsage(c0);
for (const [k, [u, s]] of Object.entries(after)) { const b = before[k] ?? [0, 0]; const du = u - b[0], ds = s - b[1]; if (du + ds > 0.01) console.log(k.padEnd(16), "user", du.toFixed(2), "sys", ds.toFixed(2)); }
console.log("client user", (c.user / 1e6).toFixed(2), "sys", (c.system / 1e6).toFixed(2));
child.kill("SIGTERM"); await new Promise((r) => child.on("exit", r));
