// Configuration: defaults, and every variable's bad value refused with a message naming it.
import path from "node:path";
import { describe, expect, test } from "vitest";
import { describeSettings, loadConfig } from "./config.js";

describe("configuration", () => {
  test("defaults match the operator interface", () => {
    const config = loadConfig({});
    expect(config.port).toBe(8631);
    expect(config.dataDir).toBe(path.resolve("./data"));
    expect(config.databaseUrl).toBe(`file:${path.join(path.resolve("./data"), "printvakt.db")}`);
    expect(config.holdTimeMs).toBe(4 * 3_600_000);
    expect(config.trustedNetworks).toContain("127.0.0.0/8");
    expect(Object.isFrozen(config)).toBe(true);
  });

  test("the database follows the data directory unless DATABASE_URL is set", () => {
    expect(loadConfig({ PRINTVAKT_DATA_DIR: "/srv/pv" }).databaseUrl).toBe("file:/srv/pv/printvakt.db");
    expect(loadConfig({ PRINTVAKT_DATA_DIR: "/srv/pv", DATABASE_URL: "file:/tmp/x.db" }).databaseUrl).toBe("file:/tmp/x.db");
  });

  test("durations and sizes are typed", () => {
    const config = loadConfig({ PRINTVAKT_HOLD_TIME: "90s", PRINTVAKT_MAX_JOB_SIZE: "512MB", PRINTVAKT_QUOTA_BYTES: "1GiB", PRINTVAKT_PIN_LOCKOUT: "1h30m" });
    expect(config.holdTimeMs).toBe(90_000);
    expect(config.maxJobBytes).toBe(512_000_000);
    expect(config.quotaBytes).toBe(1024 ** 3);
    expect(config.pinLockoutMs).toBe(5_400_000);
  });

  const badValues: Record<string, string[]> = {
    PRINTVAKT_PORT: ["http", "-1", "65536", "80.5"],
    PRINTVAKT_HOLD_TIME: ["4 hours", "0s", "h", "-5m", "4"],
    DATABASE_URL: ["mysql://x", "printvakt.db", "file:"],
    PRINTVAKT_TRUSTED_NETWORKS: ["10.0.0.0/33", "everyone", "192.168.1.1"],
    PRINTVAKT_MAX_JOB_SIZE: ["big", "0", "1TB?"],
    PRINTVAKT_QUOTA_JOBS: ["0", "many", "1.5"],
    PRINTVAKT_QUOTA_BYTES: ["lots"],
    PRINTVAKT_UNKNOWN_USERS: ["allow", "Refuse", "yes"],
    PRINTVAKT_UNKNOWN_USERS_QUOTA_JOBS: ["0", "few"],
    PRINTVAKT_UNKNOWN_USERS_QUOTA_BYTES: ["small"],
    PRINTVAKT_MAX_UPLOADS: ["0"],
    PRINTVAKT_MAX_IPP_HEADER: ["1 MB"],
    PRINTVAKT_HEADER_TIMEOUT: ["soon", "25d"],
    PRINTVAKT_IDLE_TIMEOUT: ["0ms"],
    PRINTVAKT_KEEP_ALIVE_TIMEOUT: ["0s", "forever", "-1m", "25d"],
    PRINTVAKT_SPOOL_MAX: ["0", "full"],
    PRINTVAKT_MIN_FREE_SPACE: ["0", "lots"],
    PRINTVAKT_DISK_RESERVE: ["-1", "some"],
    PRINTVAKT_UPLOAD_MIN_RATE: ["fast", "8KiB/s"],
    PRINTVAKT_UPLOAD_RATE_WINDOW: ["0s", "long"],
    PRINTVAKT_MAX_UPLOADS_PER_ADDRESS: ["0", "two"],
    PRINTVAKT_REQUIRE_AUTH: ["maybe"],
    PRINTVAKT_SECRET_CHECKS: ["0", "two", "1.5"],
    PRINTVAKT_SECRET_CHECK_QUEUE: ["none", "-1"],
    PRINTVAKT_ALLOW_FILE_PRINTERS: ["dev", "2"],
    PRINTVAKT_PRINTER_NETWORKS: ["10.0.0.0/33", "printers", "192.168.1.1"],
    PRINTVAKT_RAW_PRINTER_PORTS: [",", "0", "9199-9100", "70000", "9100-", "jetdirect"],
    PRINTVAKT_PRINTER_RETRY_FOR: ["0s", "500ms", "2h", "forever", "5"],
    // Past Node's longest timer (24.8 days) a timeout would fire after 1 ms (found by review).
    PRINTVAKT_PRINTER_IDLE_TIMEOUT: ["0s", "-1m", "soon", "25d"],
    PRINTVAKT_PRINTER_STEP_DEADLINE: ["0s", "forever", "30 min", "30d"],
    PRINTVAKT_CONVERT_UID: ["0", "-1", "nobody", "65534.5"],
    PRINTVAKT_CONVERT_CPU: ["0s", "forever", "-5s"],
    PRINTVAKT_CONVERT_MEMORY: ["0", "lots", "-1GiB"],
    PRINTVAKT_CONVERT_TMP: ["0", "lots"],
    PRINTVAKT_CONVERT_TIMEOUT: ["0s", "soon", "25d"],
    PRINTVAKT_CONVERT_HOLD_BACK: ["0", "plenty"],
    PRINTVAKT_CONVERT_CONCURRENCY: ["0", "many", "1.5"],
    PRINTVAKT_CONVERT_MAX_OUTPUT: ["0", "huge"],
    PRINTVAKT_DNSSD: ["2"],
    PRINTVAKT_QUEUE_GEO_LOCATION: ["59.3,18.0", "geo:north", "https://example.org/"],
    PRINTVAKT_MASTER_KEY: ["c2hvcnQ="],
    PRINTVAKT_KIOSK_IDLE_TIMEOUT: ["1 minute", "25d"],
    PRINTVAKT_KIOSK_LOGOUT_AFTER_PRINTING: ["never", "500ms", "2m"],
    PRINTVAKT_KIOSK_CONTACT: ["   "],
    PRINTVAKT_KIOSK_STATUS_SOUND: ["loud"],
    PRINTVAKT_PIN_MAX_FAILURES: ["none"],
    PRINTVAKT_PIN_LOCKOUT: ["forever"],
    PRINTVAKT_KIOSK_ORIGINS: ["example.org", "https://a/b"],
    PRINTVAKT_PUBLIC_HOSTS: ["https://print.example", "print.example/admin", "print example", ",", "print.example:port"],
    PRINTVAKT_LANGUAGE: ["de"],
    PRINTVAKT_LOG_LEVEL: ["loud"],
    PRINTVAKT_RETENTION_TICK: ["often", "31s", "1m", "500ms"],
    PRINTVAKT_AUDIT_CHECKPOINT_INTERVAL: ["hourly", "0s", "25d"],
    PRINTVAKT_AUDIT_RETENTION: ["never", "0d", "5 years", "-1y", "1.5y"],
    PRINTVAKT_HOST: ["   "],
    PRINTVAKT_LDAP_URL: ["ldap.example.org", "http://dc1", "ldaps://dc1/ou=x"],
    PRINTVAKT_LDAP_ALLOW_PLAIN: ["sometimes"],
    PRINTVAKT_LDAP_CA_FILE: ["   "],
    PRINTVAKT_AUDIT_WITNESS: [" , ", "   "],
    PRINTVAKT_AUDIT_PUBLIC_KEY: ["   "],
    PRINTVAKT_LDAP_BIND_DN: ["   "],
    PRINTVAKT_LDAP_BIND_PASSWORD_FILE: ["   "],
    PRINTVAKT_LDAP_BIND_PASSWORD: ["   "],
    PRINTVAKT_LDAP_BASE_DN: ["   "],
    PRINTVAKT_LDAP_USER_FILTER: ["   "],
    PRINTVAKT_LDAP_USERNAME_ATTRIBUTE: ["user name", "1uid"],
    PRINTVAKT_LDAP_DISPLAY_NAME_ATTRIBUTE: ["(cn)"],
    PRINTVAKT_LDAP_EMAIL_ATTRIBUTE: ["mail,"],
    PRINTVAKT_LDAP_LANGUAGE_ATTRIBUTE: ["lang*"],
    PRINTVAKT_LDAP_CARD_ATTRIBUTES: [",", "pager;employeeID", "pager, bad name"],
    PRINTVAKT_LDAP_CARD_FORMAT: ["   "],
    PRINTVAKT_LDAP_ADMIN_GROUP: ["   "],
    PRINTVAKT_LDAP_AUDITOR_GROUP: ["   "],
    PRINTVAKT_LDAP_SYNC_INTERVAL: ["never", "0s"],
    PRINTVAKT_LDAP_REMOVED_GRACE: ["0s", "a while"],
    PRINTVAKT_LDAP_REMOVAL_THRESHOLD: ["110%", "ten", "-1%", "1.5"],
    PRINTVAKT_OIDC_ISSUER: ["http://idp.example.org", "ftp://idp.example.org", "https://user:pw@idp.example.org", "https://idp.example.org/?tenant=1", "idp.example.org"],
    PRINTVAKT_OIDC_CLIENT_ID: ["  "],
    PRINTVAKT_OIDC_REDIRECT_URI: ["https://print.example.org/elsewhere", "http://print.example.org/api/login/oidc/callback", "https://print.example.org/api/login/oidc/callback?x=1"],
    PRINTVAKT_OIDC_PROVIDER_NAME: ["  "],
    PRINTVAKT_OIDC_ROLE_CLAIM: ["  "],
    PRINTVAKT_OIDC_ADMIN_ROLE: ["  "],
    PRINTVAKT_OIDC_AUDITOR_ROLE: ["  "],
    PRINTVAKT_OIDC_USERNAME_CLAIM: ["  "],
    PRINTVAKT_OIDC_ADMIN_AMR: [" , "],
    PRINTVAKT_OIDC_ADMIN_ACR: [","],
  };

  for (const [variable, values] of Object.entries(badValues)) {
    for (const value of values) {
      test(`${variable}=${JSON.stringify(value)} is refused with a message naming the variable and the form`, () => {
        expect(() => loadConfig({ [variable]: value })).toThrowError(new RegExp(`^${variable}=.*is not valid: expected .+`));
      });
    }
  }

  test("every setting in the table has bad-value coverage above", () => {
    const covered = new Set(Object.keys(badValues));
    const uncovered = describeSettings()
      .map((row) => row.env)
      .filter((env) => !covered.has(env) && !["PRINTVAKT_DATA_DIR", "PRINTVAKT_MASTER_KEY_FILE", "PRINTVAKT_AUDIT_KEY_FILE", "PRINTVAKT_TLS_CERT", "PRINTVAKT_TLS_KEY", "PRINTVAKT_QUEUE_NAME", "PRINTVAKT_OIDC_CLIENT_SECRET_FILE"].includes(env));
    expect(uncovered).toEqual([]);
  });

  test("a printer taking a document is cut off after 1 min silent or 30 min in all unless configured otherwise", () => {
    expect(loadConfig({}).printerIdleTimeoutMs).toBe(60_000);
    expect(loadConfig({}).printerStepDeadlineMs).toBe(30 * 60_000);
    expect(loadConfig({ PRINTVAKT_PRINTER_IDLE_TIMEOUT: "2m" }).printerIdleTimeoutMs).toBe(120_000);
    expect(loadConfig({ PRINTVAKT_PRINTER_STEP_DEADLINE: "2h" }).printerStepDeadlineMs).toBe(7_200_000);
    expect(() => loadConfig({ PRINTVAKT_PRINTER_STEP_DEADLINE: "forever" })).toThrowError(/^PRINTVAKT_PRINTER_STEP_DEADLINE="forever" is not valid: expected a duration/);
  });

  test("a kiosk logs out 10 s after everything chosen has printed unless configured; off turns it off; no contact text unless set", () => {
    expect(loadConfig({}).kioskLogoutAfterPrintingMs).toBe(10_000);
    expect(loadConfig({ PRINTVAKT_KIOSK_LOGOUT_AFTER_PRINTING: "5s" }).kioskLogoutAfterPrintingMs).toBe(5_000);
    expect(loadConfig({ PRINTVAKT_KIOSK_LOGOUT_AFTER_PRINTING: "off" }).kioskLogoutAfterPrintingMs).toBe(0);
    expect(loadConfig({}).kioskContact).toBeUndefined();
    expect(loadConfig({ PRINTVAKT_KIOSK_CONTACT: " IT-service, tel. 08-123 45 " }).kioskContact).toBe("IT-service, tel. 08-123 45");
  });

  test("a reader-only kiosk's status screen is silent unless PRINTVAKT_KIOSK_STATUS_SOUND is set", () => {
    expect(loadConfig({}).kioskStatusSound).toBe(false);
    expect(loadConfig({ PRINTVAKT_KIOSK_STATUS_SOUND: "true" }).kioskStatusSound).toBe(true);
  });

  test("conversions run as nobody with bounded CPU, memory, time and output unless configured", () => {
    expect(loadConfig({})).toMatchObject({ convertUid: 65534, convertCpuMs: 60_000, convertMemoryBytes: 1024 ** 3, convertTimeoutMs: 180_000, convertHoldBackBytes: 64 * 1024 ** 2, convertMaxOutputBytes: 2 * 1024 ** 3 });
    expect(loadConfig({ PRINTVAKT_CONVERT_UID: "1234", PRINTVAKT_CONVERT_CPU: "5s" })).toMatchObject({ convertUid: 1234, convertCpuMs: 5_000 });
  });

  test("busy or offline printers are tried again for 5 minutes unless configured", () => {
    expect(loadConfig({}).printerRetryForMs).toBe(5 * 60_000);
    expect(loadConfig({ PRINTVAKT_PRINTER_RETRY_FOR: "90s" }).printerRetryForMs).toBe(90_000);
    expect(loadConfig({ PRINTVAKT_PRINTER_RETRY_FOR: "1h" }).printerRetryForMs).toBe(3_600_000);
  });

  test("witness files are a comma-separated list made absolute", () => {
    expect(loadConfig({ PRINTVAKT_AUDIT_WITNESS: "/mnt/a/witness.jsonl, relative.jsonl" }).auditWitnessFiles).toEqual(["/mnt/a/witness.jsonl", path.resolve("relative.jsonl")]);
    expect(loadConfig({}).auditWitnessFiles).toBeUndefined();
  });

  test("public host names are kept in lower case, each with its port if given", () => {
    expect(loadConfig({ PRINTVAKT_PUBLIC_HOSTS: "Print.Kommun.example:8631, print.kommun.example,[::1]" }).publicHosts).toEqual(["print.kommun.example:8631", "print.kommun.example", "[::1]"]);
    expect(loadConfig({}).publicHosts).toBeUndefined();
  });

  test("audit retention is forever by default, otherwise days or years", () => {
    expect(loadConfig({}).auditRetention).toBe("forever");
    expect(loadConfig({ PRINTVAKT_AUDIT_RETENTION: "400d" }).auditRetention).toBe(400 * 86_400_000);
    expect(loadConfig({ PRINTVAKT_AUDIT_RETENTION: "5y" }).auditRetention).toBe(5 * 365 * 86_400_000);
    expect(loadConfig({ PRINTVAKT_AUDIT_RETENTION: "Forever" }).auditRetention).toBe("forever");
    expect(loadConfig({}).auditCheckpointIntervalMs).toBe(3_600_000);
  });

  test("a TLS certificate without its key stops startup", () => {
    expect(() => loadConfig({ PRINTVAKT_TLS_CERT: "/etc/cert.pem" })).toThrowError(/PRINTVAKT_TLS_CERT and PRINTVAKT_TLS_KEY/);
  });

  describe("directory (LDAP) settings", () => {
    const base = { PRINTVAKT_LDAP_URL: "ldaps://dc1.example.org", PRINTVAKT_LDAP_BIND_DN: "cn=printvakt,dc=example,dc=org", PRINTVAKT_LDAP_BIND_PASSWORD_FILE: "/etc/printvakt/ldap.pw", PRINTVAKT_LDAP_BASE_DN: "dc=example,dc=org" };

    test("defaults: hourly sync, 10 % threshold, a day's grace, the pager attribute, no plain LDAP", () => {
      const config = loadConfig(base);
      expect(config.ldapSyncIntervalMs).toBe(3_600_000);
      expect(config.ldapRemovalThreshold).toBe(0.1);
      expect(config.ldapRemovedGraceMs).toBe(86_400_000);
      expect(config.ldapCardAttributes).toEqual(["pager"]);
      expect(config.ldapAllowPlain).toBe(false);
      expect(loadConfig({}).ldapUrl).toBeUndefined();
    });

    test("the interval may be off, the threshold a percentage or a fraction, card attributes a list", () => {
      const config = loadConfig({ ...base, PRINTVAKT_LDAP_SYNC_INTERVAL: "off", PRINTVAKT_LDAP_REMOVAL_THRESHOLD: "0.25", PRINTVAKT_LDAP_CARD_ATTRIBUTES: "pager, employeeID,extensionAttribute7" });
      expect(config.ldapSyncIntervalMs).toBe("off");
      expect(config.ldapRemovalThreshold).toBe(0.25);
      expect(config.ldapCardAttributes).toEqual(["pager", "employeeID", "extensionAttribute7"]);
      expect(loadConfig({ ...base, PRINTVAKT_LDAP_REMOVAL_THRESHOLD: "2.5%" }).ldapRemovalThreshold).toBe(0.025);
    });

    test("a URL without bind DN, base DN or exactly one password source stops startup naming what is missing", () => {
      expect(() => loadConfig({ ...base, PRINTVAKT_LDAP_BIND_DN: "" })).toThrowError(/PRINTVAKT_LDAP_BIND_DN is required/);
      expect(() => loadConfig({ ...base, PRINTVAKT_LDAP_BASE_DN: "" })).toThrowError(/PRINTVAKT_LDAP_BASE_DN is required/);
      expect(() => loadConfig({ ...base, PRINTVAKT_LDAP_BIND_PASSWORD_FILE: "" })).toThrowError(/exactly one of PRINTVAKT_LDAP_BIND_PASSWORD_FILE/);
      expect(() => loadConfig({ ...base, PRINTVAKT_LDAP_BIND_PASSWORD: "pw" })).toThrowError(/exactly one of PRINTVAKT_LDAP_BIND_PASSWORD_FILE/);
    });

    test("a card format that is not a pipeline stops startup naming the variable", () => {
      expect(() => loadConfig({ ...base, PRINTVAKT_LDAP_CARD_FORMAT: "no-such-step" })).toThrowError(/^PRINTVAKT_LDAP_CARD_FORMAT is not valid/);
      expect(loadConfig({ ...base, PRINTVAKT_LDAP_CARD_FORMAT: "hex2dec" }).ldapCardFormat).toBe("hex2dec");
    });
  });

  const oidc = {
    PRINTVAKT_OIDC_ISSUER: "https://login.example.org/realms/kommun/",
    PRINTVAKT_OIDC_CLIENT_ID: "printvakt",
    PRINTVAKT_OIDC_CLIENT_SECRET_FILE: "/etc/printvakt/oidc-secret",
    PRINTVAKT_OIDC_REDIRECT_URI: "https://print.example.org:8631/api/login/oidc/callback",
    PRINTVAKT_OIDC_ADMIN_ROLE: "printvakt-admins",
  };

  test("OpenID Connect is off by default, and its claims have defaults once it is on", () => {
    expect(loadConfig({}).oidcIssuer).toBeUndefined();
    const config = loadConfig({ ...oidc, PRINTVAKT_OIDC_ADMIN_AMR: "mfa, otp", PRINTVAKT_OIDC_ISSUER: "http://127.0.0.1:4000" });
    expect(config.oidcIssuer).toBe("http://127.0.0.1:4000");
    expect(config.oidcRoleClaim).toBe("roles");
    expect(config.oidcUsernameClaim).toBe("preferred_username");
    expect(config.oidcAdminAmr).toEqual(["mfa", "otp"]);
    // A trailing slash would make the issuer differ from the one the provider announces.
    expect(loadConfig(oidc).oidcIssuer).toBe("https://login.example.org/realms/kommun");
  });

  test("half an OpenID Connect setup stops startup naming what is missing", () => {
    expect(() => loadConfig({ PRINTVAKT_OIDC_ISSUER: oidc.PRINTVAKT_OIDC_ISSUER })).toThrowError(/needs PRINTVAKT_OIDC_CLIENT_ID, PRINTVAKT_OIDC_CLIENT_SECRET_FILE, PRINTVAKT_OIDC_REDIRECT_URI$/);
    expect(() => loadConfig({ PRINTVAKT_OIDC_ADMIN_ROLE: "x" })).toThrowError(/needs PRINTVAKT_OIDC_ISSUER/);
    expect(() => loadConfig({ ...oidc, PRINTVAKT_OIDC_ADMIN_ROLE: "" })).toThrowError(/PRINTVAKT_OIDC_ADMIN_ROLE or PRINTVAKT_OIDC_AUDITOR_ROLE/);
  });
});
