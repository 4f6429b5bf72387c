// Finds the external programs the real-peer tests drive, and fails loudly when one is missing.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

// Which Debian package brings each tool, so the error says what to install.
const PACKAGE_OF: Record<string, string> = {
  ipptool: "cups-ipp-utils",
  ippeveprinter: "cups-ipp-utils",
  cupsd: "cups-daemon (via cups)",
  lp: "cups-client",
  lpstat: "cups-client",
  lpadmin: "cups-client",
  lpq: "cups-bsd",
  "avahi-daemon": "avahi-daemon",
  "avahi-browse": "avahi-utils",
  "avahi-publish": "avahi-utils",
  "avahi-publish-service": "avahi-utils",
  "dbus-daemon": "dbus",
  qpdf: "qpdf",
  gs: "ghostscript",
  pdfinfo: "poppler-utils",
  pdftotext: "poppler-utils",
  chromium: "chromium",
  python3: "python3",
  openssl: "openssl",
  slapd: "slapd",
  slapadd: "slapd",
  ldapmodify: "ldap-utils",
  "samba-tool": "samba (with samba-ad-dc)",
  samba: "samba (with samba-ad-dc)",
  bwrap: "bubblewrap",
  socat: "socat",
  gcc: "gcc (with libc6-dev)",
};

// sbin directories are searched too: ippeveprinter and cupsd live there and CI shells may lack them in PATH.
function searchDirs(): string[] {
  const fromPath = (process.env.PATH ?? "").split(delimiter).filter((dir) => dir !== "");
  return [...fromPath, "/usr/local/sbin", "/usr/sbin", "/sbin"];
}

/** Absolute path of an executable, or undefined when it is not installed. */
export function findTool(name: string): string | undefined {
  for (const dir of searchDirs()) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Absolute path of an executable; throws (so the test fails) when it is not installed. */
export function requireTool(name: string): string {
  const found = findTool(name);
  if (found === undefined) {
    const pkg = PACKAGE_OF[name];
    const from = pkg === undefined ? "" : ` (Debian package ${pkg})`;
    throw new Error(`${name} is not installed${from}: run scripts/install-test-deps.sh`);
  }
  return found;
}
