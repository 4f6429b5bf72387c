// Runs the directory sync at start and then every PRINTVAKT_LDAP_SYNC_INTERVAL, one run at a time.
import type { AppContext } from "../app-context.js";
import type { Logger } from "../logger.js";
import type { SpoolStore } from "../spool/spool-store.js";
import { directoryConfigured } from "./directory-settings.js";
import { syncDirectory } from "./directory-sync.js";

export interface DirectorySchedule {
  /** Resolves when no sync is running any more. */
  stop(): Promise<void>;
}

export function startDirectorySchedule(context: AppContext, spool: SpoolStore, logger: Logger): DirectorySchedule {
  const interval = context.config.ldapSyncIntervalMs;
  if (!directoryConfigured(context.config) || interval === "off") return { stop: async () => undefined };
  let running: Promise<void> | undefined;
  let stopped = false;
  const run = () => {
    // A slow directory must not stack syncs on top of each other.
    if (running || stopped) return;
    running = syncDirectory(context, { actor: "system", dryRun: false, spool, logger })
      .then(() => undefined)
      // Already audited and logged by syncDirectory; the next tick tries again.
      .catch(() => undefined)
      .finally(() => (running = undefined));
  };
  const timer = setInterval(run, interval);
  timer.unref();
  run();
  return {
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
