// Which signing and master keys sit inside the data directory, for the start-up warning.
//
// Whoever can write the data directory (a DBA, a backup operator, a compromised service account)
// can then replace the checkpoint key and re-sign a rewritten log, or read the spool with the
// master key. The defaults keep them there so that the quick start works with one command; a
// deployment should move them (PRINTVAKT_AUDIT_KEY_FILE, PRINTVAKT_MASTER_KEY_FILE or
// PRINTVAKT_MASTER_KEY) and pin the public key with its auditors.
import path from "node:path";
import type { Config } from "../config.js";

/** The settings whose key file lies inside the data directory, e.g. ["PRINTVAKT_AUDIT_KEY_FILE"]. */
export function keysInsideDataDir(config: Pick<Config, "dataDir" | "auditKeyFile" | "masterKeyFile" | "masterKey">): string[] {
  const inside = (file: string) => {
    const relative = path.relative(path.resolve(config.dataDir), path.resolve(file));
    return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
  };
  const found: string[] = [];
  if (inside(config.auditKeyFile)) found.push("PRINTVAKT_AUDIT_KEY_FILE");
  if (config.masterKey === undefined && inside(config.masterKeyFile)) found.push("PRINTVAKT_MASTER_KEY_FILE");
  return found;
}
