// Provisions a real Samba Active Directory domain controller into a temp dir and serves its LDAP
// (LDAPS with a test CA) on a loopback address of its own: the real AD schema, objectGUID,
// userAccountControl and memberOf. Samba has no setting for the LDAP port and serves only on
// addresses of a real interface, so it takes 127.0.0.1:389/636; when those are busy the test fails
// saying so (only this one suite starts it).
import { spawn, type ChildProcess } from "node:child_process";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { runCommand, waitFor } from "./processes.js";
import { makeTestCertificates, type TestCertificates } from "./tls-certificate.js";
import { requireTool } from "./tools.js";

export const AD_BASE_DN = "DC=kommun,DC=test";
export const AD_USERS_DN = `CN=Users,${AD_BASE_DN}`;
export const AD_ADMIN_DN = `CN=Administrator,${AD_USERS_DN}`;

export interface SambaAd {
  ldapsUrl: string;
  certificates: TestCertificates;
  adminPassword: string;
  dir: string;
  /** Applies an LDIF change record as the domain Administrator (over LDAPS). */
  modify(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

function freeOn(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

async function loopbackWithLdapPortsFree(): Promise<string> {
  const ip = "127.0.0.1";
  if ((await freeOn(ip, 389)) && (await freeOn(ip, 636))) return ip;
  throw new Error("127.0.0.1:389 or :636 is taken: Samba's LDAP cannot move to another port; stop whatever holds it");
}

/** AD takes a new password only as the UTF-16LE of the quoted password, base64 in LDIF. */
export function unicodePwd(password: string): string {
  return `unicodePwd:: ${Buffer.from(`"${password}"`, "utf16le").toString("base64")}`;
}

export async function startSambaAd(): Promise<SambaAd> {
  const sambaTool = requireTool("samba-tool");
  const samba = requireTool("samba");
  const ldapmodify = requireTool("ldapmodify");
  const dir = await mkdtemp(path.join(tmpdir(), "printvakt-samba-"));
  const ip = await loopbackWithLdapPortsFree();
  const certificates = await makeTestCertificates(dir, ip);
  await chmod(certificates.keyFile, 0o600); // samba refuses a TLS key others can read
  const adminPassword = "Adm1n-" + Math.random().toString(36).slice(2) + "!";
  const target = path.join(dir, "target");
  const provisioned = await runCommand(sambaTool, ["domain", "provision", "--realm=KOMMUN.TEST", "--domain=KOMMUN", "--server-role=dc", "--dns-backend=NONE", `--adminpass=${adminPassword}`, `--targetdir=${target}`, `--option=interfaces=${ip}`, "--option=bind interfaces only=yes", "--host-name=dc1"], { timeoutMs: 180_000 });
  if (provisioned.exitCode !== 0) throw new Error(`samba-tool domain provision failed: ${provisioned.stderr.slice(-2000)}`);
  const options = ["server services=ldap", `interfaces=${ip}`, "bind interfaces only=yes", "tls enabled=yes", `tls keyfile=${certificates.keyFile}`, `tls certfile=${certificates.certFile}`, `tls cafile=${certificates.caFile}`, `log file=${path.join(dir, "samba.log")}`];
  // Its own process group: samba forks a tree of workers that must all go at the end.
  const child: ChildProcess = spawn(samba, ["-i", "-s", path.join(target, "etc", "smb.conf"), ...options.map((option) => `--option=${option}`)], { stdio: "ignore", detached: true });
  const stopGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  process.once("exit", () => stopGroup("SIGKILL"));
  try {
    await waitFor(async () => ((await freeOn(ip, 636)) ? undefined : true), { timeoutMs: 60_000, describe: () => `samba did not listen on ${ip}:636` });
  } catch (error) {
    stopGroup("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const env = { ...process.env, LDAPTLS_CACERT: certificates.caFile };
  return {
    ldapsUrl: `ldaps://${ip}`,
    certificates,
    adminPassword,
    dir,
    async modify(ldif) {
      const result = await runCommand(ldapmodify, ["-x", "-H", `ldaps://${ip}`, "-D", AD_ADMIN_DN, "-w", adminPassword], { input: ldif, env });
      if (result.exitCode !== 0) throw new Error(`ldapmodify failed: ${result.stderr}`);
    },
    async stop() {
      stopGroup("SIGTERM");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      stopGroup("SIGKILL");
      await rm(dir, { recursive: true, force: true });
    },
  };
}
