// `printvakt audit verify|export|checkpoint|public-key|prune`: the auditor's commands.
import type { Command } from "commander";
import { checkpointPublicKeys, recordVerification, verifyAuditLog, type AuditVerification, type VerificationKeys } from "../audit/audit-service.js";
import { loadOrCreateCheckpointKey } from "../audit/checkpoint-key.js";
import { takeCheckpoint } from "../audit/checkpointer.js";
import { isAuditEventType } from "../audit/event-types.js";
import { EXPORT_FORMATS, exportAudit, type ExportFormat, type ExportRequest } from "../audit/export.js";
import { planAuditPrune, pruneAudit } from "../audit/prune.js";
import { fingerprintOf, keyIdOf } from "../audit/public-key.js";
import { appendToWitnesses, readHeldCheckpoints } from "../audit/witness.js";
import { PrintvaktError } from "../../core/errors.js";
import { registerEvidenceCommand } from "./evidence-command.js";
import { cliActor, reportError, withContext, withReadContext } from "./run-command.js";

/** `audit verify` found the log altered: apart from 1 (the command itself failed), so scripts can tell. */
export const EXIT_NOT_INTACT = 2;

// A date (midnight UTC) or a date-time with an explicit zone: a zone-less time would silently mean
// the local time of whichever host runs the export.
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** True when the YYYY-MM-DD part names a real day: Date quietly turns February 30 into March 2. */
function isCalendarDate(value: string): boolean {
  const [year, month, day] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function parseIsoOption(option: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const at = ISO_TIME.test(value) && isCalendarDate(value) ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) {
    throw new PrintvaktError("bad-request", `${option} ${JSON.stringify(value)} is not an ISO-8601 date or time with a zone (e.g. 2026-01-31 or 2026-01-31T08:00:00Z)`);
  }
  return at;
}

interface ExportOptions {
  from?: string;
  to?: string;
  type: string[];
  format: string;
}

/** Checks every option before anything is opened, so a typo costs one line and no audit entry. */
export function exportRequestOf(options: ExportOptions): ExportRequest {
  if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) {
    throw new PrintvaktError("bad-request", `--format ${JSON.stringify(options.format)} is not one of ${EXPORT_FORMATS.join(", ")}`);
  }
  const from = parseIsoOption("--from", options.from);
  const to = parseIsoOption("--to", options.to);
  if (from && to && from.getTime() >= to.getTime()) throw new PrintvaktError("bad-request", "--from must be before --to");
  const types = options.type.flatMap((value) => value.split(",")).map((value) => value.trim()).filter(Boolean);
  const unknown = types.find((type) => !isAuditEventType(type));
  if (unknown !== undefined) throw new PrintvaktError("bad-request", `--type ${JSON.stringify(unknown)} is not an audit event type`);
  return { format: options.format as ExportFormat, filter: { from, to, types } };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const KEY_SOURCES: Record<VerificationKeys["source"], string> = {
  pinned: "the public key(s) you gave",
  configured: "the pinned public key PRINTVAKT_AUDIT_PUBLIC_KEY",
  "key file": "the server's own key file, which whoever holds the data directory can replace: compare the fingerprint with your own copy, or pass it with --public-key",
};

function describeKeys({ keys, source }: VerificationKeys): string {
  const fingerprints = keys.map((key) => `${keyIdOf(key)} (SHA-256 ${fingerprintOf(key)})`);
  return `checkpoints checked against ${fingerprints.length > 0 ? fingerprints.join(", ") : "no key at all"}: ${KEY_SOURCES[source]}\n`;
}

/**
 * Records the command's own audit entry after its result is out, and only where the database can
 * be written: a read-only copy (a backup handed to an auditor) is verified and exported all the
 * same, with a note that nothing was recorded.
 */
async function recordIfWritable(what: string, record: () => Promise<void>): Promise<void> {
  try {
    await record();
  } catch (error) {
    process.stderr.write(`printvakt: note: this ${what} was not recorded in the audit log, the database could not be written (${(error instanceof Error ? error.message : String(error)).trim().split("\n").at(-1)})\n`);
  }
}

function describeOutcome(result: AuditVerification): string {
  if (!result.ok) return `audit log NOT intact: first bad entry seq ${result.firstBad.seq}: ${result.firstBad.reason}\n`;
  const first = (result.startFrom?.seq ?? 0) + 1;
  const pruned = result.startFrom ? ` (entries through seq ${result.startFrom.seq} were pruned; the log starts after a signed checkpoint)` : "";
  const range = result.entries === 0 ? "no entries" : `${result.entries} entries, seq ${first}-${result.lastSeq}`;
  return `audit log intact: ${range}${pruned}, ${result.checkpointsVerified} checkpoint(s) verified, last hash ${result.lastHash}\n`;
}

export function registerAuditCommands(program: Command): void {
  const audit = program.command("audit").description("verify, export and checkpoint the tamper-evident audit log (see docs/audit.md)");
  audit
    .command("verify")
    .description(`recompute the hash chain and check it against every signed checkpoint, stored and held elsewhere; exit 0 when intact, ${EXIT_NOT_INTACT} otherwise`)
    .option("--public-key <pem-file>", "check checkpoints with this public key you kept instead of the server's key file (repeat for older keys)", collect, [])
    .option("--witness <file>", "a witness file (PRINTVAKT_AUDIT_WITNESS): the log must still contain each of its checkpoints unchanged (repeatable)", collect, [])
    .option("--checkpoints <file>", "checkpoints you exported earlier (JSONL; audit.checkpoint lines are used): the log must still contain each unchanged (repeatable)", collect, [])
    .option("--as-of <iso>", "when this copy of the database was taken (default now): entries older than one checkpoint interval before it must be checkpointed")
    .action((options: { publicKey: string[]; witness: string[]; checkpoints: string[]; asOf?: string }) =>
      withReadContext(async ({ db, config }) => {
        const asOf = parseIsoOption("--as-of", options.asOf) ?? new Date();
        const keys = await checkpointPublicKeys({ publicKeyFiles: options.publicKey, keyFile: config.auditKeyFile, pinnedKeyFile: config.auditPublicKeyFile });
        const held = (await Promise.all([...options.witness, ...options.checkpoints].map(readHeldCheckpoints))).flat();
        const result = await verifyAuditLog(db, keys.keys, { heldCheckpoints: held, coverage: { now: asOf, intervalMs: config.auditCheckpointIntervalMs } });
        process.stdout.write(describeOutcome(result));
        process.stdout.write(describeKeys(keys));
        if (held.length > 0) process.stdout.write(`${held.length} checkpoint(s) held outside the database were compared with the log\n`);
        if (!result.ok) process.exitCode = EXIT_NOT_INTACT;
        await recordIfWritable("verification", () => recordVerification(db, cliActor().label, result));
      }),
    );
  registerEvidenceCommand(audit);
  audit
    .command("export")
    .description("write audit entries to standard output (from inclusive, to exclusive)")
    .option("--from <iso>", "first time to include, e.g. 2026-01-01 or 2026-01-01T08:00:00Z")
    .option("--to <iso>", "time to stop before")
    .option("--type <type>", "only this event type, e.g. job.purged (repeat or comma-separate for several)", collect, [])
    .option("--format <format>", "csv or jsonl", "csv")
    .action(async (options: ExportOptions) => {
      let request: ExportRequest;
      try {
        request = exportRequestOf(options);
      } catch (error) {
        reportError(error);
        return;
      }
      await withReadContext(async ({ db }) => {
        await exportAudit(db, request, process.stdout, cliActor().label, (record) => recordIfWritable("export", record));
      });
    });
  audit
    .command("checkpoint")
    .description("sign a checkpoint of the log now (the server also does so every PRINTVAKT_AUDIT_CHECKPOINT_INTERVAL)")
    .action(() =>
      withContext(async ({ db, config }) => {
        const key = await loadOrCreateCheckpointKey(config.auditKeyFile);
        const checkpoint = await takeCheckpoint(db, key, cliActor().label);
        process.stdout.write(checkpoint ? `checkpoint signed at seq ${checkpoint.seq}: hash ${checkpoint.hash}, key ${checkpoint.keyId}\n` : "nothing to checkpoint: the newest entry is already checkpointed\n");
        if (checkpoint) await appendToWitnesses(db, config.auditWitnessFiles ?? [], checkpoint);
      }),
    );
  audit
    .command("public-key")
    .description("print the checkpoint public key (PEM) to hand to auditors")
    .action(() =>
      withContext(async ({ config }) => {
        process.stdout.write((await loadOrCreateCheckpointKey(config.auditKeyFile)).publicKeyPem);
      }),
    );
  audit
    .command("prune")
    .description("remove entries older than PRINTVAKT_AUDIT_RETENTION, up to a signed checkpoint; shows the plan unless --confirm")
    .option("--confirm", "really remove them", false)
    .action((options: { confirm: boolean }) =>
      withContext(async ({ db, config }) => {
        if (config.auditRetention === "forever") throw new PrintvaktError("not-possible", 'PRINTVAKT_AUDIT_RETENTION is "forever": nothing is pruned');
        const plan = await planAuditPrune(db, config.auditRetention);
        const cutoff = plan.olderThan.toISOString();
        if (plan.through === null) {
          process.stdout.write(`nothing to prune: no signed checkpoint lies wholly before ${cutoff}\n`);
          return;
        }
        const span = `seq ${plan.firstSeq}-${plan.through.seq} (older than ${cutoff}; the log will start after the checkpoint at seq ${plan.through.seq})`;
        if (!options.confirm) {
          process.stdout.write(`would remove ${span}; run again with --confirm to remove them\n`);
          return;
        }
        const key = await loadOrCreateCheckpointKey(config.auditKeyFile);
        const removed = await pruneAudit(db, plan, key, cliActor().label, { coverage: { now: new Date(), intervalMs: config.auditCheckpointIntervalMs } });
        process.stdout.write(`removed ${removed} entries: ${span}\n`);
      }),
    );
}
