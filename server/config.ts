// The one place that reads process.env: every setting, its default and its accepted form, as a
// table that code walks. Bad values stop startup with a message naming the variable.
import path from "node:path";
import { PrintvaktError } from "../core/errors.js";
import { parsePipeline } from "../drivers/card-readers/card-format/index.js";
import { DEFAULT_STEP_LIMITS } from "../drivers/printers/step-limits.js";
import { formatDuration } from "./units.js";
import { type Parser, port, duration, timerDuration, tick, printerRetryFor, size, sizeOrZero, count, boolean, graceOrOff, text, optionalPath, directory, databaseUrl, networks, origins, issuerUrl, redirectUri, hostList, textList, geoUri, unknownUsers, language, logLevel, masterKey, portRanges, retention, pathList, ldapUrl, attributeList, attribute, share, intervalOrOff } from "./config-parsers.js";

/** What derived defaults may look at: settings that come before them in the table. */
type DerivedFrom = { dataDir?: string };

const PRIVATE_AND_LOOPBACK = "127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7,fe80::/10";

/**
 * Every setting: environment variable, parser, default (a string in the accepted form, or a
 * function of the settings before it), and a line for the README's table.
 */
const SETTINGS = {
  port: { env: "PRINTVAKT_PORT", parser: port, default: "8631", describe: "HTTP/IPP port (IPP, kiosk, console, API, socket.io)" },
  host: { env: "PRINTVAKT_HOST", parser: text, default: "::", describe: "address to listen on" },
  dataDir: { env: "PRINTVAKT_DATA_DIR", parser: directory, default: "./data", describe: "data directory: database, spool, key files" },
  databaseUrl: { env: "DATABASE_URL", parser: databaseUrl, default: (s: DerivedFrom) => `file:${path.join(s.dataDir!, "printvakt.db")}`, describe: "database; default a SQLite file in the data directory" },
  holdTimeMs: { env: "PRINTVAKT_HOLD_TIME", parser: duration, default: "4h", describe: "how long an uncollected job is held before it is destroyed" },
  trustedNetworks: { env: "PRINTVAKT_TRUSTED_NETWORKS", parser: networks, default: PRIVATE_AND_LOOPBACK, describe: "networks whose requesting-user-name is believed" },
  requireAuthentication: { env: "PRINTVAKT_REQUIRE_AUTH", parser: boolean, default: "false", describe: "require HTTP Basic (IPPS) for every job, even from trusted networks" },
  maxJobBytes: { env: "PRINTVAKT_MAX_JOB_SIZE", parser: size, default: "2GiB", describe: "largest accepted document" },
  quotaJobs: { env: "PRINTVAKT_QUOTA_JOBS", parser: count, default: "100", describe: "most held jobs per person" },
  quotaBytes: { env: "PRINTVAKT_QUOTA_BYTES", parser: size, default: "4GiB", describe: "most held bytes per person" },
  // Names believed from requesting-user-name that are no active person in the user store (H4, M3):
  // nobody can ever badge for their jobs. Refused by default; "quota" lets them share one small
  // quota instead. Only once the store has people: with none, every name prints as before.
  unknownUsers: { env: "PRINTVAKT_UNKNOWN_USERS", parser: unknownUsers, default: "refuse", describe: "user names that are no active person, once the user store has people: refuse, or quota (one small shared quota)" },
  unknownUsersQuotaJobs: { env: "PRINTVAKT_UNKNOWN_USERS_QUOTA_JOBS", parser: count, default: "10", describe: "with PRINTVAKT_UNKNOWN_USERS=quota: most held jobs of all unknown names together" },
  unknownUsersQuotaBytes: { env: "PRINTVAKT_UNKNOWN_USERS_QUOTA_BYTES", parser: size, default: "100MiB", describe: "with PRINTVAKT_UNKNOWN_USERS=quota: most held bytes of all unknown names together" },
  maxUploads: { env: "PRINTVAKT_MAX_UPLOADS", parser: count, default: "32", describe: "most documents being received at once" },
  maxIppHeaderBytes: { env: "PRINTVAKT_MAX_IPP_HEADER", parser: size, default: "1MiB", describe: "largest IPP attribute section" },
  headerTimeoutMs: { env: "PRINTVAKT_HEADER_TIMEOUT", parser: timerDuration, default: "30s", describe: "time a client has to send its request headers" },
  idleTimeoutMs: { env: "PRINTVAKT_IDLE_TIMEOUT", parser: timerDuration, default: "60s", describe: "time a client may stay silent mid-upload" },
  // Apart from the header timeout, as cupsd keeps them: ipptool holds one connection silent for
  // minutes between the requests of ipp-2.0.test and does not reconnect when it was closed.
  keepAliveTimeoutMs: { env: "PRINTVAKT_KEEP_ALIVE_TIMEOUT", parser: timerDuration, default: "5m", describe: "time an open connection may stay silent between two requests" },
  // Space and upload slots (security review M3, M4): a cap on the whole spool, and uploads that must
  // keep moving and may not all come from one address, so slow or greedy clients cannot take every slot.
  spoolMaxBytes: { env: "PRINTVAKT_SPOOL_MAX", parser: size, default: "32GiB", describe: "most document bytes held in the spool, everybody's together" },
  // A full disk (reliability review D6): new documents stop at a floor of free space, and a reserve
  // file set aside while there is room is given back when the disk fills anyway (another program,
  // logs), so release, delete, purge, the audit and a restart still have room to write.
  minFreeBytes: { env: "PRINTVAKT_MIN_FREE_SPACE", parser: size, default: "256MiB", describe: "free disk space under which new documents are refused (server-error-busy) and /healthz reports it" },
  diskReserveBytes: { env: "PRINTVAKT_DISK_RESERVE", parser: sizeOrZero, default: "32MiB", describe: "space set aside in the data directory (file disk-reserve) and given back when the disk is full; 0 for none" },
  uploadMinBytesPerSecond: { env: "PRINTVAKT_UPLOAD_MIN_RATE", parser: size, default: "8KiB", describe: "slowest accepted document upload, in bytes per second over the rate window" },
  uploadRateWindowMs: { env: "PRINTVAKT_UPLOAD_RATE_WINDOW", parser: timerDuration, default: "30s", describe: "span over which an upload's rate is measured (a first window of grace, then each window)" },
  maxUploadsPerAddress: { env: "PRINTVAKT_MAX_UPLOADS_PER_ADDRESS", parser: count, default: "4", describe: "most documents being received at once from one client address" },
  masterKeyFile: { env: "PRINTVAKT_MASTER_KEY_FILE", parser: optionalPath, default: (s: DerivedFrom) => path.join(s.dataDir!, "master.key"), describe: "spool master key file (created 0600 on first start; a start refuses when live jobs need another key)" },
  masterKey: { env: "PRINTVAKT_MASTER_KEY", parser: masterKey, default: undefined, describe: "spool master key as base64 (instead of the file)" },
  auditKeyFile: { env: "PRINTVAKT_AUDIT_KEY_FILE", parser: optionalPath, default: (s: DerivedFrom) => path.join(s.dataDir!, "audit-signing.key"), describe: "Ed25519 key that signs audit checkpoints" },
  tlsCertFile: { env: "PRINTVAKT_TLS_CERT", parser: optionalPath, default: undefined, describe: "PEM certificate: enables IPPS/HTTPS on the same port" },
  tlsKeyFile: { env: "PRINTVAKT_TLS_KEY", parser: optionalPath, default: undefined, describe: "PEM private key for the certificate" },
  dnssd: { env: "PRINTVAKT_DNSSD", parser: boolean, default: "true", describe: "advertise the queue with DNS-SD (mDNS)" },
  queueName: { env: "PRINTVAKT_QUEUE_NAME", parser: text, default: "Secure Print", describe: "the printer name staff see" },
  queueGeoLocation: { env: "PRINTVAKT_QUEUE_GEO_LOCATION", parser: geoUri, default: undefined, describe: "printer-geo-location of the queue (a geo: URI); unset: unknown, as the queue follows its owner to any printer" },
  kioskIdleTimeoutMs: { env: "PRINTVAKT_KIOSK_IDLE_TIMEOUT", parser: timerDuration, default: "60s", describe: "kiosk session inactivity logout" },
  kioskLogoutAfterPrintingMs: { env: "PRINTVAKT_KIOSK_LOGOUT_AFTER_PRINTING", parser: graceOrOff, default: "10s", describe: "a kiosk screen logs out by itself this long after everything chosen has printed (off: never)" },
  kioskStatusSound: { env: "PRINTVAKT_KIOSK_STATUS_SOUND", parser: boolean, default: "false", describe: "the status screen of a reader-only kiosk beeps for each badge (one high beep: printing; two: look at the screen; one low: refused)" },
  kioskContact: { env: "PRINTVAKT_KIOSK_CONTACT", parser: text, default: undefined, describe: 'whom kiosk users should call, shown when an account is locked (e.g. "IT-service, tel. 08-123 45")' },
  pinMaxFailures: { env: "PRINTVAKT_PIN_MAX_FAILURES", parser: count, default: "5", describe: "wrong PINs before the account locks" },
  pinLockoutMs: { env: "PRINTVAKT_PIN_LOCKOUT", parser: duration, default: "15m", describe: "how long a PIN lockout lasts" },
  // Guessing limits: argon2 (PINs, printing and console passwords) runs on libuv's thread pool,
  // which the spool's file I/O shares; these cap how much of it checking secrets may take at once.
  secretChecksAtOnce: { env: "PRINTVAKT_SECRET_CHECKS", parser: count, default: "2", describe: "most password/PIN hashes (argon2) computed at once; the rest wait" },
  secretCheckQueue: { env: "PRINTVAKT_SECRET_CHECK_QUEUE", parser: count, default: "32", describe: "most password/PIN checks waiting for a slot; beyond it a check is refused as busy" },
  kioskOrigins: { env: "PRINTVAKT_KIOSK_ORIGINS", parser: origins, default: undefined, describe: "extra browser origins allowed to open kiosk sockets (same origin is always allowed)" },
  language: { env: "PRINTVAKT_LANGUAGE", parser: language, default: "sv", describe: "default language of the kiosk screen and the admin console" },
  logLevel: { env: "PRINTVAKT_LOG_LEVEL", parser: logLevel, default: "info", describe: "operational log level (stdout, JSON)" },
  retentionTickMs: { env: "PRINTVAKT_RETENTION_TICK", parser: tick, default: "30s", describe: "how often expired jobs are looked for" },
  auditCheckpointIntervalMs: { env: "PRINTVAKT_AUDIT_CHECKPOINT_INTERVAL", parser: timerDuration, default: "1h", describe: "longest time new audit entries wait for a signed checkpoint" },
  // Audit evidence that the database holder cannot rewrite (issue #11, H1): checkpoints appended to
  // files elsewhere as they are made, and the public key an auditor pinned for every verification.
  auditWitnessFiles: { env: "PRINTVAKT_AUDIT_WITNESS", parser: pathList, default: undefined, describe: "files (e.g. on another host's share) each signed audit checkpoint is appended to as it is made" },
  auditPublicKeyFile: { env: "PRINTVAKT_AUDIT_PUBLIC_KEY", parser: optionalPath, default: undefined, describe: "pinned checkpoint public key (PEM) that the console's Verify and `audit verify` check against instead of the key file" },
  auditRetention: { env: "PRINTVAKT_AUDIT_RETENTION", parser: retention, default: "forever", describe: "how long audit entries are kept; only `printvakt audit prune` removes older ones" },
  ldapUrl: { env: "PRINTVAKT_LDAP_URL", parser: ldapUrl, default: undefined, describe: "directory server (ldaps://, or ldap:// with StartTLS); enables directory sync" },
  ldapAllowPlain: { env: "PRINTVAKT_LDAP_ALLOW_PLAIN", parser: boolean, default: "false", describe: "allow ldap:// without TLS (tests and labs only: the bind password travels in clear)" },
  ldapCaFile: { env: "PRINTVAKT_LDAP_CA_FILE", parser: optionalPath, default: undefined, describe: "PEM CA certificate(s) that the directory's certificate must chain to" },
  ldapBindDn: { env: "PRINTVAKT_LDAP_BIND_DN", parser: text, default: undefined, describe: "DN of the read-only service account the sync binds as" },
  ldapBindPasswordFile: { env: "PRINTVAKT_LDAP_BIND_PASSWORD_FILE", parser: optionalPath, default: undefined, describe: "file (mode 0600) holding the service account's password" },
  ldapBindPassword: { env: "PRINTVAKT_LDAP_BIND_PASSWORD", parser: text, default: undefined, describe: "the service account's password (instead of the file)" },
  ldapBaseDn: { env: "PRINTVAKT_LDAP_BASE_DN", parser: text, default: undefined, describe: "where people are searched (subtree)" },
  ldapUserFilter: { env: "PRINTVAKT_LDAP_USER_FILTER", parser: text, default: "(objectClass=person)", describe: "LDAP filter selecting the people Printvakt manages" },
  ldapUsernameAttribute: { env: "PRINTVAKT_LDAP_USERNAME_ATTRIBUTE", parser: attribute, default: "sAMAccountName", describe: "attribute holding the user name (uid on OpenLDAP)" },
  ldapDisplayNameAttribute: { env: "PRINTVAKT_LDAP_DISPLAY_NAME_ATTRIBUTE", parser: attribute, default: "displayName", describe: "attribute holding the display name (cn is used when it is empty)" },
  ldapEmailAttribute: { env: "PRINTVAKT_LDAP_EMAIL_ATTRIBUTE", parser: attribute, default: "mail", describe: "attribute holding the e-mail address" },
  ldapLanguageAttribute: { env: "PRINTVAKT_LDAP_LANGUAGE_ATTRIBUTE", parser: attribute, default: "preferredLanguage", describe: "attribute holding the person's language" },
  ldapCardAttributes: { env: "PRINTVAKT_LDAP_CARD_ATTRIBUTES", parser: attributeList, default: "pager", describe: "attributes holding card numbers (comma-separated; several values each allowed)" },
  ldapCardFormat: { env: "PRINTVAKT_LDAP_CARD_FORMAT", parser: text, default: undefined, describe: "card-format pipeline each directory card value goes through (see drivers/card-readers/README.md)" },
  ldapAdminGroup: { env: "PRINTVAKT_LDAP_ADMIN_GROUP", parser: text, default: undefined, describe: "DN of the group whose members get console admin accounts" },
  ldapAuditorGroup: { env: "PRINTVAKT_LDAP_AUDITOR_GROUP", parser: text, default: undefined, describe: "DN of the group whose members get console auditor accounts" },
  ldapSyncIntervalMs: { env: "PRINTVAKT_LDAP_SYNC_INTERVAL", parser: intervalOrOff, default: "1h", describe: 'how often the server syncs from the directory, or "off"' },
  ldapRemovedGraceMs: { env: "PRINTVAKT_LDAP_REMOVED_GRACE", parser: duration, default: "24h", describe: "how long held jobs of a disabled or removed person are kept before they are destroyed" },
  ldapRemovalThreshold: { env: "PRINTVAKT_LDAP_REMOVAL_THRESHOLD", parser: share, default: "10%", describe: "a sync that would disable or remove more than this share of directory people stops instead" },
  // Printer destinations (review M7, H3). file: printers write plaintext documents to a local
  // directory, so only the CLI may add them and only where a developer said so; the admin API never
  // accepts them. Printer hosts may be limited to the networks printers live on; without a list,
  // socket:// (which hands the bytes staff printed, unchanged, to whatever listens) is refused for
  // loopback and link-local addresses, and only printer ports are accepted for it.
  allowFilePrinters: { env: "PRINTVAKT_ALLOW_FILE_PRINTERS", parser: boolean, default: "false", describe: "allow file:/// printers (development only): added with the CLI, never through the API" },
  printerNetworks: { env: "PRINTVAKT_PRINTER_NETWORKS", parser: networks, default: undefined, describe: "networks printer addresses must be in (CIDR list); unset: any, except loopback and link-local for socket://" },
  rawPrinterPorts: { env: "PRINTVAKT_RAW_PRINTER_PORTS", parser: portRanges, default: "9100-9199", describe: "ports a socket:// printer may use" },
  // Busy and offline printers (reliability review D8): tried again with waits doubling from 1 s to
  // 30 s while the kiosk shows "waiting"; then the job is held again with the reason. Never once
  // document bytes have left: that outcome is unknown, and the job may have printed.
  printerRetryForMs: { env: "PRINTVAKT_PRINTER_RETRY_FOR", parser: printerRetryFor, default: "5m", describe: "how long a busy or offline printer is tried again before the job is held again with the reason (the printer's queue waits meanwhile)" },
  // A printer taking the document (drivers/printers/step-limits.ts, the same for raw 9100, LPD and
  // IPP): cut off after this long silent, and after the deadline however steadily it reads, so one
  // printer cannot hold its release queue for good. Then the job "may have printed", as any
  // connection lost while sending. Defaults are the drivers' own.
  printerIdleTimeoutMs: { env: "PRINTVAKT_PRINTER_IDLE_TIMEOUT", parser: timerDuration, default: formatDuration(DEFAULT_STEP_LIMITS.idleTimeoutMs), describe: "longest a printer may stay silent mid-exchange (taking a document, answering a request); then the release stops, and a job whose document had begun to go may have printed" },
  printerStepDeadlineMs: { env: "PRINTVAKT_PRINTER_STEP_DEADLINE", parser: timerDuration, default: formatDuration(DEFAULT_STEP_LIMITS.stepDeadlineMs), describe: "longest a printer may take to receive one document however steadily it reads (a long document goes only as fast as it prints); then as above" },
  // Conversion at release (issue 14): Ghostscript and cups-filters in a bubblewrap sandbox, as this
  // user when the server runs as root, with these limits. A conversion past them is stopped and the
  // job stays held with the reason.
  convertUid: { env: "PRINTVAKT_CONVERT_UID", parser: count, default: "65534", describe: "user (and group) id conversions run as when the server runs as root; default nobody" },
  convertCpuMs: { env: "PRINTVAKT_CONVERT_CPU", parser: duration, default: "60s", describe: "CPU time one conversion step may use (RLIMIT_CPU)" },
  convertMemoryBytes: { env: "PRINTVAKT_CONVERT_MEMORY", parser: size, default: "1GiB", describe: "address space one conversion step may use (RLIMIT_AS)" },
  convertTmpBytes: { env: "PRINTVAKT_CONVERT_TMP", parser: size, default: "1GiB", describe: "size of the sandbox's private in-memory /tmp (Ghostscript keeps the PDF it reads there)" },
  convertTimeoutMs: { env: "PRINTVAKT_CONVERT_TIMEOUT", parser: timerDuration, default: "3m", describe: "wall time a whole conversion may take before it is killed" },
  convertConcurrency: { env: "PRINTVAKT_CONVERT_CONCURRENCY", parser: count, default: "2", describe: "conversions running at once, server-wide; later releases wait their turn (the kiosk shows sending)" },
  convertHoldBackBytes: { env: "PRINTVAKT_CONVERT_HOLD_BACK", parser: size, default: "64MiB", describe: "converted output kept in memory before sending starts: a conversion failing within it sends nothing to the printer" },
  convertMaxOutputBytes: { env: "PRINTVAKT_CONVERT_MAX_OUTPUT", parser: size, default: "2GiB", describe: "largest converted document; a conversion producing more is killed" },
  oidcIssuer: { env: "PRINTVAKT_OIDC_ISSUER", parser: issuerUrl, default: undefined, describe: "OpenID Connect issuer for console sign-in (discovery from /.well-known/openid-configuration); unset: no OIDC" },
  oidcClientId: { env: "PRINTVAKT_OIDC_CLIENT_ID", parser: text, default: undefined, describe: "client id registered at the identity provider" },
  oidcClientSecretFile: { env: "PRINTVAKT_OIDC_CLIENT_SECRET_FILE", parser: optionalPath, default: undefined, describe: "file holding the client secret (mode 0600, else startup stops)" },
  oidcRedirectUri: { env: "PRINTVAKT_OIDC_REDIRECT_URI", parser: redirectUri, default: undefined, describe: "this server's callback as registered at the provider, https://HOST:8631/api/login/oidc/callback" },
  oidcProviderName: { env: "PRINTVAKT_OIDC_PROVIDER_NAME", parser: text, default: undefined, describe: 'name on the console button "Sign in with NAME"; default the issuer\'s host' },
  oidcRoleClaim: { env: "PRINTVAKT_OIDC_ROLE_CLAIM", parser: text, default: "roles", describe: "claim holding the person's roles or groups (a string or a list)" },
  oidcAdminRole: { env: "PRINTVAKT_OIDC_ADMIN_ROLE", parser: text, default: undefined, describe: "role claim value that makes a console admin" },
  oidcAuditorRole: { env: "PRINTVAKT_OIDC_AUDITOR_ROLE", parser: text, default: undefined, describe: "role claim value that makes a console auditor" },
  oidcUsernameClaim: { env: "PRINTVAKT_OIDC_USERNAME_CLAIM", parser: text, default: "preferred_username", describe: "claim that names the person in the console and the audit" },
  oidcAdminAmr: { env: "PRINTVAKT_OIDC_ADMIN_AMR", parser: textList, default: undefined, describe: "amr values of which an admin sign-in must carry one (e.g. mfa,otp); unset: not checked" },
  oidcAdminAcr: { env: "PRINTVAKT_OIDC_ADMIN_ACR", parser: textList, default: undefined, describe: "acr values of which an admin sign-in must carry one; unset: not checked" },
  // Host names (review L5): the console's redirect to https:// goes to one of ours, never to a name
  // the client put in its Host header, and when these are set, browser requests naming another host
  // are refused (DNS rebinding). Unset: ours are the names in the TLS certificate, and the address
  // the client connected to, and other names are served (a redirect then goes to the certificate's name).
  publicHosts: { env: "PRINTVAKT_PUBLIC_HOSTS", parser: hostList, default: undefined, describe: "host names (optionally :port) browsers reach this server by; a browser request naming another host is refused" },
} as const;

type Settings = typeof SETTINGS;
type ValueOf<K extends keyof Settings> = Settings[K]["parser"] extends Parser<infer T> ? T : never;
type DefaultOf<K extends keyof Settings> = Settings[K]["default"];
export type Config = Readonly<{
  [K in keyof Settings]: DefaultOf<K> extends undefined ? ValueOf<K> | undefined : ValueOf<K>;
}>;

/** Reads and validates the settings once. Throws a PrintvaktError("bad-config") naming the variable. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const config: Record<string, unknown> = {};
  for (const [key, setting] of Object.entries(SETTINGS) as [keyof Settings, Settings[keyof Settings]][]) {
    const raw = environment[setting.env];
    const fallback = typeof setting.default === "function" ? setting.default(config as DerivedFrom) : setting.default;
    const value = raw === undefined || raw === "" ? fallback : raw;
    if (value === undefined) continue;
    const parsed = (setting.parser as Parser<unknown>).parse(value);
    if (parsed === undefined) {
      throw new PrintvaktError("bad-config", `${setting.env}=${JSON.stringify(raw)} is not valid: expected ${setting.parser.form}`);
    }
    config[key] = parsed;
  }
  if ((config.tlsCertFile === undefined) !== (config.tlsKeyFile === undefined)) {
    throw new PrintvaktError("bad-config", "PRINTVAKT_TLS_CERT and PRINTVAKT_TLS_KEY must be set together");
  }
  checkLdap(config);
  checkOidcComplete(config);
  return Object.freeze(config) as Config;
}

/** Directory settings that only make sense together; checked once the table has been read. */
function checkLdap(config: Record<string, unknown>): void {
  if (config.ldapUrl === undefined) return;
  for (const [key, env] of [["ldapBindDn", "PRINTVAKT_LDAP_BIND_DN"], ["ldapBaseDn", "PRINTVAKT_LDAP_BASE_DN"]] as const) {
    if (config[key] === undefined) throw new PrintvaktError("bad-config", `${env} is required when PRINTVAKT_LDAP_URL is set`);
  }
  if ((config.ldapBindPasswordFile === undefined) === (config.ldapBindPassword === undefined)) {
    throw new PrintvaktError("bad-config", "set exactly one of PRINTVAKT_LDAP_BIND_PASSWORD_FILE and PRINTVAKT_LDAP_BIND_PASSWORD when PRINTVAKT_LDAP_URL is set");
  }
  if (config.ldapCardFormat !== undefined) {
    try {
      parsePipeline(config.ldapCardFormat as string);
    } catch (error) {
      throw new PrintvaktError("bad-config", `PRINTVAKT_LDAP_CARD_FORMAT is not valid: ${(error as Error).message}`);
    }
  }
}

const OIDC_REQUIRED = ["oidcIssuer", "oidcClientId", "oidcClientSecretFile", "oidcRedirectUri"] as const;

/** Half an OIDC setup is a mistake, not a choice: any OIDC setting needs the four that make it work, and a role. */
function checkOidcComplete(config: Record<string, unknown>): void {
  const anySet = Object.keys(SETTINGS).some((key) => key.startsWith("oidc") && !["oidcRoleClaim", "oidcUsernameClaim"].includes(key) && config[key] !== undefined);
  if (!anySet) return;
  const missing = OIDC_REQUIRED.filter((key) => config[key] === undefined).map((key) => SETTINGS[key].env);
  if (missing.length > 0) throw new PrintvaktError("bad-config", `OpenID Connect sign-in also needs ${missing.join(", ")}`);
  if (config.oidcAdminRole === undefined && config.oidcAuditorRole === undefined) {
    throw new PrintvaktError("bad-config", "OpenID Connect sign-in needs PRINTVAKT_OIDC_ADMIN_ROLE or PRINTVAKT_OIDC_AUDITOR_ROLE (else nobody could sign in)");
  }
}

/** The settings table as rows, for `printvakt --help` and the README. */
export function describeSettings(): { env: string; default: string; form: string; describe: string }[] {
  return Object.values(SETTINGS).map((setting) => ({
    env: setting.env,
    default: typeof setting.default === "function" ? "(derived)" : (setting.default ?? "(none)"),
    form: setting.parser.form,
    describe: setting.describe,
  }));
}

export { formatDuration };
