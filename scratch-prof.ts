// ad hoc profiling run (not committed)
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import path from "node:path";
import os from "node:os";
import { encodeIppMessage } from "./server/ipp/codec/encode.js";
import { attr, charset, mimeMediaType, name, naturalLanguage, operationGroup, uri } from "./server/ipp/codec/values.js";
import { generatedDocument, withHeader } from "./test/support/generated-document.js";
import { decodeIppAnswer, postIpp } from "./test/support/ipp-http.js";
const dataDir = await mkdtemp(path.join(os.tmpdir(), "pv-prof-"));
const child = spawn(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${process.argv[2]}`, "bin/printvakt.js", "serve"], { env: { ...process.env, PRINTVAKT_PORT: "0", PRINTVAKT_HOST: "127.0.0.1", PRINTVAKT_DNSSD: "false", PRINTVAKT_DATA_DIR: dataDir, PRINTVAKT_QUOTA_JOBS: "1000" }, stdio: ["ignore", "pipe", "inherit"] });
const port = await new Promise<number>((resolve) => { let buf = ""; child.stdout!.on("data", (c) => { buf += c; const m = /"port":(\d+)/.exec(buf); if (m) resolve(Number(m[1])); }); });
let n = 0;
async function submit(bytes: number) {
  n++;
  const header = encodeIppMessage({ version: { major: 2, minor: 0 }, code: 2, requestId: n, groups: [operationGroup([attr("attributes-charset", charset("utf-8")), attr("attributes-natural-language", naturalLanguage("en")), attr("printer-uri", uri("ipp://127.0.0.1/ipp/print")), attr("requesting-user-name", name(`u${n}`)), attr("job-name", name("x")), attr("document-format", mimeMediaType("application/pdf"))])] });
  const t0 = performance.now();
  const a = await postIpp({ port }, withHeader(header, generatedDocument(bytes)));
  const ms = performance.now() - t0;
  return [decodeIppAnswer(a.body).code, ms.toFixed(1)];
}
const sizes = (process.argv[3] ?? "1,1,1,1,1,1,1,1,1,1,100,100,100").split(",").map((x) => Number(x) * 1e6);
for (const s of sizes) console.log(s / 1e6, "MB", ...(await submit(s)));
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
