// How each setting's text is read: one parser per form of value (a duration, a size, a list of
// networks, ...), each with the form a refusal names. The table of settings is in config.ts.
import path from "node:path";
import ipaddr from "ipaddr.js";
import { parseDuration, parseSize } from "./units.js";

export type Parser<T> = { form: string; parse(text: string): T | undefined };

export const port: Parser<number> = {
  form: "a TCP port number 0-65535",
  parse: (text) => (/^\d{1,5}$/.test(text) && Number(text) <= 65_535 ? Number(text) : undefined),
};
export const duration: Parser<number> = { form: 'a duration such as "90s", "15m", "4h" or "1d"', parse: (text) => positive(parseDuration(text)) };
// What a timer waits for. Node's timers (setTimeout, socket.setTimeout) fire after 1 ms when asked
// for more than 2^31-1 ms (24.8 days): "30d" meant as "never" would cut every exchange at once.
const LONGEST_TIMER_MS = 24 * 86_400_000;
export const timerDuration: Parser<number> = {
  form: 'a duration such as "90s", "15m" or "4h", at most "24d"',
  parse: (text) => {
    const ms = positive(parseDuration(text));
    return ms !== undefined && ms <= LONGEST_TIMER_MS ? ms : undefined;
  },
};
// At most 30 s, so an uncollected job outlives its hold time by half a minute at worst.
export const tick: Parser<number> = {
  form: 'a duration from "1s" to "30s"',
  parse: (text) => {
    const ms = parseDuration(text);
    return ms !== undefined && ms >= 1_000 && ms <= 30_000 ? ms : undefined;
  },
};
// How long a busy or offline printer is tried again. An hour at most: the printer's queue waits
// behind the job that is waiting, so other people's jobs wait as long.
export const printerRetryFor: Parser<number> = {
  form: 'a duration from "1s" to "1h"',
  parse: (text) => {
    const ms = parseDuration(text);
    return ms !== undefined && ms >= 1_000 && ms <= 3_600_000 ? ms : undefined;
  },
};
export const size: Parser<number> = { form: 'a size such as "1048576", "64KiB", "512MB" or "2GiB"', parse: (text) => positive(parseSize(text)) };
export const sizeOrZero: Parser<number> = { form: 'a size such as "64MiB", or "0" for none', parse: (text) => (text.trim() === "0" ? 0 : positive(parseSize(text))) };
export const count: Parser<number> = { form: "a whole number of at least 1", parse: (text) => (/^\d+$/.test(text) && Number(text) >= 1 ? Number(text) : undefined) };
export const boolean: Parser<boolean> = {
  form: "true or false",
  parse: (text) => ({ true: true, "1": true, yes: true, on: true, false: false, "0": false, no: false, off: false })[text.toLowerCase()],
};
// "off" (or "0") for never, else a duration of at most a minute: a kiosk's grace after printing.
export const graceOrOff: Parser<number> = {
  form: 'off, or a duration from "1s" to "60s"',
  parse: (value) => {
    if (["off", "0"].includes(value.trim().toLowerCase())) return 0;
    const ms = parseDuration(value);
    return ms !== undefined && ms >= 1_000 && ms <= 60_000 ? ms : undefined;
  },
};
export const text: Parser<string> = { form: "a non-empty text", parse: (value) => (value.trim() === "" ? undefined : value.trim()) };
export const optionalPath: Parser<string> = text;
// Resolved at once so that paths derived from it (database, key files) are absolute too.
export const directory: Parser<string> = { form: "a directory path", parse: (value) => (value.trim() === "" ? undefined : path.resolve(value.trim())) };
export const databaseUrl: Parser<string> = {
  form: "a file: URL (SQLite) or a postgresql:// URL",
  parse: (value) => (/^file:.+/.test(value) || /^postgres(ql)?:\/\/.+/.test(value) ? value : undefined),
};
export const networks: Parser<string[]> = {
  form: 'a comma-separated list of CIDR ranges such as "127.0.0.0/8,::1/128,10.0.0.0/8"',
  parse: (value) => {
    const ranges = value.split(",").map((item) => item.trim()).filter(Boolean);
    return ranges.every((range) => isCidr(range)) ? ranges : undefined;
  },
};
export const origins: Parser<string[]> = {
  form: 'a comma-separated list of origins such as "https://print.example.org"',
  parse: (value) => {
    const list = value.split(",").map((item) => item.trim()).filter(Boolean);
    return list.every((origin) => /^https?:\/\/[^/\s]+$/.test(origin)) ? list : undefined;
  },
};
// https, or plain http only to a loopback host (the tests' identity provider).
const loopbackHosts = ["127.0.0.1", "[::1]", "localhost"];
const webUrl = (value: string): URL | undefined => {
  try {
    const url = new URL(value.trim());
    const allowed = url.protocol === "https:" || (url.protocol === "http:" && loopbackHosts.includes(url.hostname));
    return allowed && url.username === "" && url.password === "" && url.hash === "" ? url : undefined;
  } catch {
    return undefined;
  }
};
export const issuerUrl: Parser<string> = {
  form: "an https:// URL (http:// only on a loopback host), without query or fragment",
  parse: (value) => {
    const url = webUrl(value);
    return url && url.search === "" ? url.href.replace(/\/$/, "") : undefined;
  },
};
export const redirectUri: Parser<string> = {
  form: "an https:// URL (http:// only on a loopback host) ending in /api/login/oidc/callback",
  parse: (value) => {
    const url = webUrl(value);
    return url && url.search === "" && url.pathname === "/api/login/oidc/callback" ? url.href : undefined;
  },
};
export const hostList: Parser<string[]> = {
  form: 'a comma-separated list of host names, each with an optional port, such as "print.kommun.se,print.kommun.se:8631"',
  parse: (value) => {
    const list = value.split(",").map((item) => item.trim().toLowerCase()).filter(Boolean);
    return list.length > 0 && list.every((host) => /^([a-z0-9]([a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\])(:[0-9]{1,5})?$/.test(host)) ? list : undefined;
  },
};
export const textList: Parser<string[]> = {
  form: "a comma-separated list of values",
  parse: (value) => {
    const list = value.split(",").map((item) => item.trim()).filter(Boolean);
    return list.length > 0 ? list : undefined;
  },
};
// RFC 5870 geo: URI, e.g. geo:59.3293,18.0686 (printer-geo-location).
export const geoUri: Parser<string> = {
  form: 'a geo: URI such as "geo:59.3293,18.0686"',
  parse: (value) => (/^geo:-?\d{1,2}(\.\d+)?,-?\d{1,3}(\.\d+)?(,-?\d+(\.\d+)?)?(;[a-z0-9=.-]+)*$/i.test(value.trim()) ? value.trim() : undefined),
};
export const unknownUsers: Parser<"refuse" | "quota"> = { form: "refuse or quota", parse: (value) => (value === "refuse" || value === "quota" ? value : undefined) };
export const language: Parser<"sv" | "en"> = { form: "sv or en", parse: (value) => (value === "sv" || value === "en" ? value : undefined) };
export const logLevel: Parser<string> = {
  form: "one of fatal, error, warn, info, debug, trace, silent",
  parse: (value) => (["fatal", "error", "warn", "info", "debug", "trace", "silent"].includes(value) ? value : undefined),
};
export const masterKey: Parser<string> = {
  form: "32 bytes encoded as base64",
  parse: (value) => (Buffer.from(value, "base64").length === 32 ? value : undefined),
};

// Printer destinations (review M7, H3): where released documents may be sent.
export const portRanges: Parser<Array<[number, number]>> = {
  form: 'a comma-separated list of ports or port ranges such as "9100-9199,515"',
  parse: (value) => {
    const ranges = value.split(",").map((item) => item.trim()).filter(Boolean).map((item) => /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(item));
    if (ranges.length === 0 || ranges.some((match) => match === null)) return undefined;
    const pairs = ranges.map((match) => [Number(match![1]), Number(match![2] ?? match![1])] as [number, number]);
    return pairs.every(([low, high]) => low >= 1 && low <= high && high <= 65_535) ? pairs : undefined;
  },
};

// "forever", or a duration in days or years (a year counts 365 days), for how long audit entries are kept.
const DAY_MS = 86_400_000;
export const retention: Parser<number | "forever"> = {
  form: 'forever, or a duration such as "400d" or "5y"',
  parse: (value) => {
    const trimmed = value.trim().toLowerCase();
    if (trimmed === "forever") return "forever";
    const years = /^(\d+)y$/.exec(trimmed);
    return positive(years ? Number(years[1]) * 365 * DAY_MS : parseDuration(trimmed));
  },
};

// Several paths, comma-separated, each made absolute at once (the working directory may change).
export const pathList: Parser<string[]> = {
  form: "a comma-separated list of file paths",
  parse: (value) => {
    const list = value.split(",").map((item) => item.trim()).filter(Boolean);
    return list.length > 0 ? list.map((item) => path.resolve(item)) : undefined;
  },
};

// LDAP settings: a URL, a DN, a threshold share and an interval that may be switched off.
export const ldapUrl: Parser<string> = { form: "an ldaps:// or ldap:// URL", parse: (value) => (/^ldaps?:\/\/[^\s/]+\/?$/.test(value.trim()) ? value.trim() : undefined) };
export const attributeList: Parser<string[]> = {
  form: 'a comma-separated list of LDAP attribute names such as "pager,employeeNumber"',
  parse: (value) => {
    const list = value.split(",").map((item) => item.trim()).filter(Boolean);
    return list.length > 0 && list.every((name) => /^[A-Za-z][A-Za-z0-9-]*$/.test(name)) ? list : undefined;
  },
};
export const attribute: Parser<string> = { form: "an LDAP attribute name", parse: (value) => (/^[A-Za-z][A-Za-z0-9-]*$/.test(value.trim()) ? value.trim() : undefined) };
export const share: Parser<number> = {
  form: 'a percentage such as "10%" (or a fraction such as 0.1)',
  parse: (value) => {
    const percent = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
    const fraction = percent ? Number(percent[1]) / 100 : /^(0(\.\d+)?|1(\.0+)?)$/.test(value.trim()) ? Number(value) : undefined;
    return fraction !== undefined && fraction >= 0 && fraction <= 1 ? fraction : undefined;
  },
};
export const intervalOrOff: Parser<number | "off"> = { form: 'a duration such as "1h", or "off"', parse: (value) => (value.trim().toLowerCase() === "off" ? "off" : positive(parseDuration(value))) };

function positive(value: number | undefined): number | undefined {
  return value !== undefined && value > 0 ? value : undefined;
}

function isCidr(range: string): boolean {
  try {
    ipaddr.parseCIDR(range);
    return true;
  } catch {
    return false;
  }
}
