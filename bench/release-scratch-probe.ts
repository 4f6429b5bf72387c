// Scratch probe (temporary): seeding speed of createJob+appendAudit in batched transactions.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openAppContext } from "../server/app-context.js";
import { loadConfig } from "../server/config.js";
import { createJob } from "../server/store/jobs.js";
import { appendAudit } from "../server/store/audit-log.js";
import { sealJobSecrets } from "../server/jobs/job-secrets.js";
import { newJobKey } from "../server/spool/job-key.js";
import { randomBytes } from "node:crypto";

const dir = await mkdtemp(path.join(tmpdir(), "pv-probe-"));
const context = await openAppContext(loadConfig({ PRINTVAKT_DATA_DIR: dir, PRINTVAKT_DNSSD: "false" }));
const n = Number(process.argv[2] ?? 2000);
const withAudit = process.argv[3] === "audit";
const t0 = performance.now();
for (let b = 0; b < n; b += 1000) {
  await context.db.write(async (tx) => {
    for (let i = b; i < Math.min(n, b + 1000); i++) {
      const key = newJobKey();
      const job = await createJob(tx, { ownerName: `u${i % 5000}`, ownerIdentifiedBy: "requesting-user-name", sourceAddress: "10.0.0.1", state: "held", documentFormat: "application/pdf", sniffedFormat: "application/pdf", sizeBytes: 300000, template: { copies: 1 }, masterKeyId: context.masterKey.id, spoolId: randomBytes(16).toString("hex"), documentSha256: "ab".repeat(32), pinHash: null, expiresAt: new Date(Date.now() + 4 * 3600e3) }, (id) => sealJobSecrets(context.masterKey, id, key, `Report ${i}.pdf`));
      if (withAudit) await appendAudit(tx, { type: "job.submitted", actor: `user:u${i % 5000}`, subject: `job:${job.id}`, details: { identifiedBy: "requesting-user-name", peer: "10.0.0.1", operation: "Print-Job", documentFormat: "application/pdf", sizeBytes: 300000, copies: 1, titleHash: "x".repeat(64) } });
    }
  });
}
const ms = performance.now() - t0;
console.log(`${n} jobs ${withAudit ? "with audit" : ""}: ${ms.toFixed(0)} ms, ${(ms / n).toFixed(3)} ms/job`);
await context.close();
