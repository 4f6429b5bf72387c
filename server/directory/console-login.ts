// Checks a directory-managed console account's password by binding to the directory as that person.
import type { Config } from "../config.js";
import { directorySettings } from "./directory-settings.js";
import { verifyDirectoryPassword } from "./ldap-connection.js";

/**
 * True when the directory accepts the password for this DN. The password is never stored or
 * logged here; an unreachable directory throws ("unavailable") rather than counting as wrong.
 */
export async function verifyDirectoryLogin(config: Config, dn: string, password: string): Promise<boolean> {
  return verifyDirectoryPassword(await directorySettings(config), dn, password);
}
