// One directory sync: read (bound, paged), plan, stop at the threshold, apply in one transaction, purge after grace.
//
// Any failure before the write (settings, connection, certificate, bind, search) leaves the store
// exactly as it was and is audited as directory.sync-failed; a dry run writes nothing at all,
// not even an audit entry.
import { PrintvaktError } from "../../core/errors.js";
import type { AppContext } from "../app-context.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { appendAudit } from "../store/audit-log.js";
import { loadSyncState } from "../store/directory-people.js";
import { applySyncPlan } from "./apply-sync.js";
import { directorySettings } from "./directory-settings.js";
import { readDirectory } from "./directory-reader.js";
import { directoryError, openBoundClient } from "./ldap-connection.js";
import { purgeJobsAfterGrace } from "./purge-after-grace.js";
import { planSync, type SyncPlan } from "./sync-plan.js";

export interface SyncOptions {
  /** Audit actor: "system" for the schedule, "admin:cli:NAME" for the command line. */
  actor: string;
  dryRun: boolean;
  spool: SpoolStore;
  logger: Logger;
}

export interface SyncOutcome {
  plan: SyncPlan;
  applied: boolean;
  purged: number;
}

export async function syncDirectory(context: AppContext, options: SyncOptions): Promise<SyncOutcome> {
  const startedAt = Date.now();
  const server = context.config.ldapUrl ?? "";
  const audit = (record: Parameters<typeof appendAudit>[1]) => (options.dryRun ? Promise.resolve() : context.db.write((tx) => appendAudit(tx, record)).then(() => undefined));
  let plan: SyncPlan;
  let graceMs: number;
  try {
    const settings = await directorySettings(context.config);
    graceMs = settings.graceMs;
    const client = await openBoundClient(settings, settings.bindDn, settings.bindPassword);
    const read = await readDirectory(client, settings, context.auditHashKey).finally(() => client.unbind().catch(() => undefined));
    const state = await loadSyncState(context.db);
    plan = planSync({ ...state, entries: read.entries, threshold: settings.threshold });
    plan.skipped.unshift(...read.skipped);
  } catch (error) {
    const failure = directoryError(error, "search-failed");
    await audit({ type: "directory.sync-failed", actor: options.actor, subject: null, details: { reason: String(failure.details?.reason ?? failure.code), errorCode: failure.code, server } });
    options.logger.error({ err: failure.message }, "directory sync failed; nothing changed");
    throw failure;
  }
  if (plan.stopped) {
    const threshold = context.config.ldapRemovalThreshold;
    await audit({ type: "directory.sync-stopped", actor: options.actor, subject: null, details: { managed: plan.managed, wouldDisable: plan.disable.length, threshold: `${+(threshold * 100).toFixed(2)}%`, server } });
    if (options.dryRun) return { plan, applied: false, purged: 0 };
    throw new PrintvaktError("not-possible", `directory sync stopped: it would disable or drop ${plan.disable.length} of ${plan.managed} managed people, more than PRINTVAKT_LDAP_REMOVAL_THRESHOLD (${+(threshold * 100).toFixed(2)} %); nothing changed`, { details: { reason: "threshold" } });
  }
  if (options.dryRun) return { plan, applied: false, purged: 0 };
  await context.db.write((tx) => applySyncPlan(tx, plan, { actor: options.actor, server, now: new Date(), startedAt }));
  const purged = await purgeJobsAfterGrace(context, options.spool, options.logger, graceMs);
  options.logger.info({ added: plan.add.length, updated: plan.update.length, disabled: plan.disable.length, purged }, "directory sync applied");
  return { plan, applied: true, purged };
}
