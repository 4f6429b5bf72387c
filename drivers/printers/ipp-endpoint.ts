// Where an IPP printer URI points: the HTTP endpoint to connect to and the printer-uri to name in requests.
import { PrintvaktError } from "../../core/errors.js";
import type { IppEndpoint } from "./printer-connection.js";

interface SchemeRule {
  tls: boolean;
  /** Port when the URI names none: 631 for IPP (RFC 8010, RFC 7472); http(s) keep their own. */
  defaultPort: number;
  /** The IPP scheme for printer-uri: an http URI names an ipp printer. */
  ippScheme: "ipp:" | "ipps:";
}

const SCHEMES: Readonly<Record<string, SchemeRule>> = {
  "ipp:": { tls: false, defaultPort: 631, ippScheme: "ipp:" },
  "ipps:": { tls: true, defaultPort: 631, ippScheme: "ipps:" },
  "http:": { tls: false, defaultPort: 80, ippScheme: "ipp:" },
  "https:": { tls: true, defaultPort: 443, ippScheme: "ipps:" },
};

export interface IppAddress {
  endpoint: IppEndpoint;
  /** The value of the printer-uri operation attribute. */
  printerUri: string;
}

export function isIppScheme(protocol: string): boolean {
  return protocol in SCHEMES;
}

export function ippAddressFor(uri: URL): IppAddress {
  const rule = SCHEMES[uri.protocol];
  if (rule === undefined) throw new PrintvaktError("bad-request", `not an IPP printer URI scheme: ${uri.protocol}`);
  const port = uri.port === "" ? rule.defaultPort : Number(uri.port);
  const path = uri.pathname === "" ? "/" : uri.pathname;
  const hostForUri = uri.hostname;
  return {
    endpoint: { host: hostForUri.replace(/^\[(.*)\]$/, "$1"), port, path, tls: rule.tls },
    printerUri: `${rule.ippScheme}//${hostForUri}:${port}${path}`,
  };
}
