// The host names this server answers to in a browser (review L5). The Host header is the client's
// word: a redirect built from it sends a browser wherever the client said ("Host: evil.example"
// gave "Location: https://evil.example/admin/"), and a page reached through a name that resolves
// to us by DNS rebinding passes a same-origin check that compares Origin with Host. Ours are the
// names configured in PRINTVAKT_PUBLIC_HOSTS (a browser request for any other is refused), or else
// the names the TLS certificate is valid for; and always the address the client connected to.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import type { Request } from "express";
import type { Config } from "../config.js";

/** The host part of a Host header ("[::1]" keeps its brackets), lower case; undefined when malformed. */
function hostnameOf(host: string | undefined): string | undefined {
  if (host === undefined || host.length === 0 || host.length > 300) return undefined;
  try {
    const url = new URL(`http://${host}`);
    return url.username === "" && url.pathname === "/" && url.search === "" ? url.hostname.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/** The address a connection arrived on, written as it would appear in a Host header. */
function localHost(request: Request): string {
  const address = (request.socket.localAddress ?? "127.0.0.1").replace(/^::ffff:(?=\d+\.)/, "");
  return address.includes(":") ? `[${address}]` : address;
}

/** The certificate's first DNS name (or its common name when it has none). */
function certificateName(certificate: X509Certificate): string | undefined {
  const dns = certificate.subjectAltName?.split(", ").find((name) => name.startsWith("DNS:"));
  if (dns) return dns.slice(4).replace(/^\*\./, "");
  return /(?:^|\n)CN=([^\n]+)/.exec(certificate.subject)?.[1];
}

export class PublicHosts {
  constructor(
    private readonly configured: readonly string[] | undefined,
    private readonly certificate: X509Certificate | undefined,
  ) {}

  static fromConfig(config: Config): PublicHosts {
    // Read once at start; a certificate that cannot be read has already stopped the TLS setup.
    const certificate = config.tlsCertFile ? new X509Certificate(readFileSync(config.tlsCertFile)) : undefined;
    return new PublicHosts(config.publicHosts, certificate);
  }

  /** True when names are configured: a browser request naming another host is then refused. */
  get enforced(): boolean {
    return this.configured !== undefined;
  }

  /** Whether the request's Host header names this server. */
  isOurs(request: Request): boolean {
    const hostname = hostnameOf(request.headers.host);
    if (hostname === undefined) return false;
    if (hostname === localHost(request)) return true;
    if (this.configured) return this.configured.some((entry) => hostnameOf(entry) === hostname);
    if (!this.certificate) return false;
    const bare = hostname.replace(/^\[(.*)\]$/, "$1");
    return (isIP(bare) ? this.certificate.checkIP(bare) : this.certificate.checkHost(bare)) !== undefined;
  }

  /**
   * The https:// origin to redirect this request to: its own Host when that is ours, else the
   * certificate's name. (With names configured, a foreign Host was refused before any redirect.)
   */
  httpsOrigin(request: Request): string {
    if (this.isOurs(request)) return `https://${request.headers.host}`;
    const name = this.certificate ? certificateName(this.certificate) : undefined;
    return `https://${name ?? localHost(request)}:${request.socket.localPort}`;
  }
}
