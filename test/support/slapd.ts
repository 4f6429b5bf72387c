// Starts a real OpenLDAP slapd for tests: generated config in a temp dir, LDIF loaded with slapadd,
// plain LDAP (with StartTLS) and LDAPS on free loopback ports, changed afterwards with ldapmodify.
import type { ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { freePort } from "./free-port.js";
import { runCommand, spawnGuarded, stopProcess, waitFor } from "./processes.js";
import { makeTestCertificates, type TestCertificates } from "./tls-certificate.js";
import { requireTool } from "./tools.js";

export const BASE_DN = "dc=example,dc=org";
export const PEOPLE_DN = `ou=people,${BASE_DN}`;
export const GROUPS_DN = `ou=groups,${BASE_DN}`;
export const SERVICE_DN = `cn=printvakt,${BASE_DN}`;

export interface Slapd {
  /** ldaps://127.0.0.1:PORT */
  ldapsUrl: string;
  /** ldap://127.0.0.1:PORT (StartTLS, or plain) */
  ldapUrl: string;
  certificates: TestCertificates;
  servicePassword: string;
  dir: string;
  /** Applies an LDIF change record (changetype: modify/add/delete/modrdn) as the directory manager. */
  modify(ldif: string): Promise<void>;
  stop(): Promise<void>;
}

// OpenLDAP has no userAccountControl; this test-only schema adds it, so the AD "disabled" bit
// travels through a real directory and the real client code path.
const TEST_SCHEMA = `attributetype ( 1.3.6.1.4.1.99999.1.1 NAME 'userAccountControl' EQUALITY integerMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.27 SINGLE-VALUE )
objectclass ( 1.3.6.1.4.1.99999.2.1 NAME 'printvaktTestAccount' SUP top AUXILIARY MAY ( userAccountControl ) )`;

export interface TestPerson {
  uid: string;
  cn?: string;
  mail?: string;
  pager?: string[];
  employeeNumber?: string;
  password?: string;
  disabled?: boolean;
}

export function personLdif(person: TestPerson): string {
  const lines = [`dn: uid=${person.uid},${PEOPLE_DN}`, "objectClass: inetOrgPerson", "objectClass: printvaktTestAccount", `uid: ${person.uid}`, `cn: ${person.cn ?? person.uid}`, `sn: ${person.uid}`];
  if (person.mail) lines.push(`mail: ${person.mail}`);
  for (const pager of person.pager ?? []) lines.push(`pager: ${pager}`);
  if (person.employeeNumber) lines.push(`employeeNumber: ${person.employeeNumber}`);
  if (person.password) lines.push(`userPassword: ${person.password}`);
  lines.push(`userAccountControl: ${person.disabled ? 514 : 512}`);
  return `${lines.join("\n")}\n`;
}

export function groupLdif(cn: string, memberUids: string[]): string {
  // groupOfNames needs at least one member; the service account stands in for an empty group.
  const members = memberUids.length === 0 ? [SERVICE_DN] : memberUids.map((uid) => `uid=${uid},${PEOPLE_DN}`);
  return `dn: cn=${cn},${GROUPS_DN}\nobjectClass: groupOfNames\ncn: ${cn}\n${members.map((dn) => `member: ${dn}`).join("\n")}\n`;
}

function baseLdif(password: string): string {
  return [
    `dn: ${BASE_DN}\nobjectClass: dcObject\nobjectClass: organization\no: Example\ndc: example\n`,
    `dn: ${PEOPLE_DN}\nobjectClass: organizationalUnit\nou: people\n`,
    `dn: ${GROUPS_DN}\nobjectClass: organizationalUnit\nou: groups\n`,
    `dn: ${SERVICE_DN}\nobjectClass: person\ncn: printvakt\nsn: service\nuserPassword: ${password}\n`,
  ].join("\n");
}

function config(dir: string, certificates: TestCertificates): string {
  return `include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include ${path.join(dir, "test.schema")}
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile ${path.join(dir, "slapd.pid")}
TLSCACertificateFile ${certificates.caFile}
TLSCertificateFile ${certificates.certFile}
TLSCertificateKeyFile ${certificates.keyFile}
database mdb
maxsize 104857600
suffix "${BASE_DN}"
rootdn "cn=manager,${BASE_DN}"
rootpw manager-secret
directory ${path.join(dir, "db")}
limits dn.exact="${SERVICE_DN}" size.soft=unlimited size.hard=unlimited size.prtotal=unlimited
access to attrs=userPassword by anonymous auth by * none
access to * by dn.exact="${SERVICE_DN}" read by self read by * none
`;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => socket.end(() => resolve(true)));
    socket.once("error", () => resolve(false));
  });
}

/** A running slapd holding the base entries, the service account and `entries` (LDIF records joined by blank lines). */
export async function startSlapd(entries: string[]): Promise<Slapd> {
  const slapd = requireTool("slapd");
  const slapadd = requireTool("slapadd");
  const ldapmodify = requireTool("ldapmodify");
  const dir = await mkdtemp(path.join(tmpdir(), "printvakt-slapd-"));
  await mkdir(path.join(dir, "db"));
  const certificates = await makeTestCertificates(dir);
  const servicePassword = "service-secret-" + Math.random().toString(36).slice(2);
  await writeFile(path.join(dir, "test.schema"), TEST_SCHEMA);
  const configFile = path.join(dir, "slapd.conf");
  await writeFile(configFile, config(dir, certificates));
  await writeFile(path.join(dir, "data.ldif"), [baseLdif(servicePassword), ...entries].join("\n"));
  const loaded = await runCommand(slapadd, ["-f", configFile, "-l", path.join(dir, "data.ldif")]);
  if (loaded.exitCode !== 0) throw new Error(`slapadd failed: ${loaded.stderr}`);
  const [plainPort, tlsPort] = [await freePort(), await freePort()];
  let child: ChildProcess | undefined;
  let output = "";
  const start = () => {
    // -d 0: stay in the foreground (a guarded child) without debug output.
    child = spawnGuarded(slapd, ["-f", configFile, "-h", `ldap://127.0.0.1:${plainPort}/ ldaps://127.0.0.1:${tlsPort}/`, "-d", "0"], { stdio: ["ignore", "ignore", "pipe"] }, { removeOnOrphan: dir });
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  };
  start();
  await waitFor(async () => ((await accepts(plainPort)) && (await accepts(tlsPort)) ? true : undefined), { timeoutMs: 20_000, describe: () => `slapd did not start: ${output}` });
  return {
    ldapsUrl: `ldaps://127.0.0.1:${tlsPort}`,
    ldapUrl: `ldap://127.0.0.1:${plainPort}`,
    certificates,
    servicePassword,
    dir,
    async modify(ldif) {
      const result = await runCommand(ldapmodify, ["-x", "-H", `ldap://127.0.0.1:${plainPort}`, "-D", `cn=manager,${BASE_DN}`, "-w", "manager-secret"], { input: ldif });
      if (result.exitCode !== 0) throw new Error(`ldapmodify failed: ${result.stderr}`);
    },
    async stop() {
      if (child) await stopProcess(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
