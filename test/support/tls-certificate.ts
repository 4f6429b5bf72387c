// Makes a throw-away certificate authority and a server certificate for 127.0.0.1/localhost with openssl.
import path from "node:path";
import { writeFile } from "node:fs/promises";
import { runCommand } from "./processes.js";
import { requireTool } from "./tools.js";

export interface TestCertificates {
  /** The CA that signed the server certificate: what a client must trust. */
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Another CA that signed nothing here: trusting only it must make the TLS handshake fail. */
  otherCaFile: string;
}

async function openssl(args: string[]): Promise<void> {
  const result = await runCommand(requireTool("openssl"), args);
  if (result.exitCode !== 0) throw new Error(`openssl ${args[0]} failed: ${result.stderr}`);
}

async function makeCa(dir: string, name: string): Promise<{ cert: string; key: string }> {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}.key`);
  await openssl(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", `/CN=Printvakt test ${name}`, "-keyout", key, "-out", cert]);
  return { cert, key };
}

/** `ip` is the loopback address the server listens on; the certificate names it and localhost. */
export async function makeTestCertificates(dir: string, ip = "127.0.0.1"): Promise<TestCertificates> {
  const ca = await makeCa(dir, "ca");
  const other = await makeCa(dir, "other-ca");
  const keyFile = path.join(dir, "server.key");
  const request = path.join(dir, "server.csr");
  const certFile = path.join(dir, "server.pem");
  const extensions = path.join(dir, "server.ext");
  await writeFile(extensions, `subjectAltName=DNS:localhost,IP:${ip}\nextendedKeyUsage=serverAuth\n`);
  await openssl(["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost", "-keyout", keyFile, "-out", request]);
  await openssl(["x509", "-req", "-in", request, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", certFile]);
  return { caFile: ca.cert, certFile, keyFile, otherCaFile: other.cert };
}
