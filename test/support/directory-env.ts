// The PRINTVAKT_LDAP_* environment that points Printvakt at a test slapd, with the bind password in a 0600 file.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type { AppContext } from "../../server/app-context.js";
import { syncDirectory, type SyncOutcome } from "../../server/directory/directory-sync.js";
import { createLogger } from "../../server/logger.js";
import { SpoolStore } from "../../server/spool/spool-store.js";
import { BASE_DN, SERVICE_DN, type Slapd } from "./slapd.js";

export async function directoryEnv(slapd: Slapd, overrides: Record<string, string> = {}): Promise<Record<string, string>> {
  const passwordFile = path.join(slapd.dir, "bind-password");
  await writeFile(passwordFile, `${slapd.servicePassword}\n`, { mode: 0o600 });
  return {
    PRINTVAKT_LDAP_URL: slapd.ldapsUrl,
    PRINTVAKT_LDAP_CA_FILE: slapd.certificates.caFile,
    PRINTVAKT_LDAP_BIND_DN: SERVICE_DN,
    PRINTVAKT_LDAP_BIND_PASSWORD_FILE: passwordFile,
    PRINTVAKT_LDAP_BASE_DN: BASE_DN,
    PRINTVAKT_LDAP_USER_FILTER: "(objectClass=inetOrgPerson)",
    PRINTVAKT_LDAP_USERNAME_ATTRIBUTE: "uid",
    PRINTVAKT_LDAP_CARD_ATTRIBUTES: "pager,employeeNumber",
    PRINTVAKT_LDAP_SYNC_INTERVAL: "off",
    ...overrides,
  };
}

/** One sync as the schedule runs it, inside the test process. */
export async function syncNow(context: AppContext, options: { dryRun?: boolean } = {}): Promise<SyncOutcome> {
  const spool = await SpoolStore.open(context.spoolDir);
  return syncDirectory(context, { actor: "system", dryRun: options.dryRun ?? false, spool, logger: createLogger("silent") }).finally(() => spool.close());
}
