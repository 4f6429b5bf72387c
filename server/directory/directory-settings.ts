// The directory sync's settings, taken from the configuration once: TLS mode, CA, mapping, card pipeline.
import { readFile } from "node:fs/promises";
import { PrintvaktError } from "../../core/errors.js";
import { parsePipeline, type CardPipeline } from "../../drivers/card-readers/card-format/index.js";
import type { Config } from "../config.js";
import { readSecretFile } from "./secret-file.js";

export interface DirectorySettings {
  url: string;
  /** ldaps:// → "ldaps"; ldap:// → "starttls", or "plain" only with PRINTVAKT_LDAP_ALLOW_PLAIN=true. */
  transport: "ldaps" | "starttls" | "plain";
  /** PEM CA certificates; undefined means the system's trusted roots. */
  ca: Buffer | undefined;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  userFilter: string;
  attributes: { username: string; displayName: string; email: string; language: string; cards: readonly string[] };
  cardPipeline: CardPipeline | undefined;
  adminGroup: string | undefined;
  auditorGroup: string | undefined;
  threshold: number;
  graceMs: number;
}

export function directoryConfigured(config: Config): boolean {
  return config.ldapUrl !== undefined;
}

export async function directorySettings(config: Config): Promise<DirectorySettings> {
  if (config.ldapUrl === undefined) throw new PrintvaktError("bad-config", "directory sync is not configured: set PRINTVAKT_LDAP_URL (see docs/directory.md)");
  const transport = config.ldapUrl.startsWith("ldaps://") ? "ldaps" : config.ldapAllowPlain ? "plain" : "starttls";
  const ca = config.ldapCaFile === undefined ? undefined : await readFile(config.ldapCaFile).catch((error: Error) => {
    throw new PrintvaktError("bad-config", `PRINTVAKT_LDAP_CA_FILE cannot be read: ${error.message}`);
  });
  const bindPassword = config.ldapBindPassword ?? (await readSecretFile(config.ldapBindPasswordFile!, "PRINTVAKT_LDAP_BIND_PASSWORD_FILE"));
  return {
    url: config.ldapUrl,
    transport,
    ca,
    bindDn: config.ldapBindDn!,
    bindPassword,
    baseDn: config.ldapBaseDn!,
    userFilter: config.ldapUserFilter,
    attributes: {
      username: config.ldapUsernameAttribute,
      displayName: config.ldapDisplayNameAttribute,
      email: config.ldapEmailAttribute,
      language: config.ldapLanguageAttribute,
      cards: config.ldapCardAttributes,
    },
    cardPipeline: config.ldapCardFormat === undefined ? undefined : parsePipeline(config.ldapCardFormat),
    adminGroup: config.ldapAdminGroup,
    auditorGroup: config.ldapAuditorGroup,
    threshold: config.ldapRemovalThreshold,
    graceMs: config.ldapRemovedGraceMs,
  };
}
