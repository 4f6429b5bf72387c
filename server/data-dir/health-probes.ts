// The real checks behind /healthz's DataHealth: write probes of the data directory and the spool,
// the free-space floor of the existing DiskSpace, and a database write that changes nothing.
import type { AppContext } from "../app-context.js";
import { probeDatabaseWrite } from "../store/sqlite-maintenance.js";
import type { HealthProbes } from "./data-health.js";
import { probeDirectoryWritable } from "./write-probe.js";

export function dataHealthProbes(context: Pick<AppContext, "config" | "spoolDir" | "disk" | "db">): HealthProbes {
  return {
    dataDirWritable: () => probeDirectoryWritable(context.config.dataDir),
    spoolWritable: () => probeDirectoryWritable(context.spoolDir),
    diskShort: () => context.disk.isShort(),
    databaseWrite: () => probeDatabaseWrite(context.db),
  };
}
