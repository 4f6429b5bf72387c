// Printer URI validation vectors, as `printer add NAME --uri ...` meets them, and the driver each scheme gets.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { driverForUri, parsePrinterUri } from "./driver-for-uri.js";
import { FileSinkPrinter } from "./file-sink-printer.js";
import { IppPrinter } from "./ipp-printer.js";
import { LpdPrinter } from "./lpd-printer.js";
import { RawSocketPrinter } from "./raw-socket-printer.js";

const ACCEPTED: [string, string][] = [
  ["ipp://printer.example:631/ipp/print", "ipp://printer.example:631/ipp/print"],
  ["ipps://printer.example/ipp/print", "ipps://printer.example/ipp/print"],
  ["IPP://Printer.Local/ipp/print", "ipp://printer.local/ipp/print"],
  ["ipp://192.168.1.20/ipp/print", "ipp://192.168.1.20/ipp/print"],
  ["ipp://[fe80::1]:631/ipp/print", "ipp://[fe80::1]:631/ipp/print"],
  ["http://printer.example:8631/ipp/print", "http://printer.example:8631/ipp/print"],
  ["https://printer.example/ipp/print", "https://printer.example/ipp/print"],
  ["socket://10.0.0.9:9100", "socket://10.0.0.9:9100"],
  ["socket://laser.local", "socket://laser.local"],
  ["lpd://printer.example/laser", "lpd://printer.example/laser"],
  ["lpd://10.0.0.9:1515/Plan_3-norr", "lpd://10.0.0.9:1515/Plan_3-norr"],
  ["lpd://printer.example/queue/instance", "lpd://printer.example/queue/instance"],
  ["file:///var/lib/printvakt/sink", "file:///var/lib/printvakt/sink"],
  ["file://localhost/tmp/sink", "file:///tmp/sink"],
  ["  ipp://printer.example/ipp/print\n", "ipp://printer.example/ipp/print"],
];

const REFUSED: [string, string, RegExp][] = [
  ["empty", "", /empty/],
  ["not a URI", "printer.example", /not a URI/],
  ["an unknown scheme", "lpr://printer.example/queue", /scheme "lpr:" is not supported/],
  ["an LPD printer without a queue", "lpd://printer.example", /needs a queue name/],
  ["an LPD queue with an encoded space", "lpd://printer.example/my%20queue", /needs a queue name/],
  ["an LPD queue with an encoded line feed", "lpd://printer.example/q%0Aevil", /needs a queue name/],
  ["an LPD queue with three segments", "lpd://printer.example/a/b/c", /needs a queue name/],
  ["a scheme without //", "ipp:printer.example/ipp", /write it as ipp:\/\//],
  ["no host", "ipp:///ipp/print", /needs a host/],
  ["credentials", "ipp://alice:secret@printer.example/ipp/print", /passwords in printer URIs are not supported/],
  ["a query", "ipp://printer.example/ipp/print?waitjob=false", /query/],
  ["a fragment", "ipp://printer.example/ipp/print#x", /fragment/],
  ["a port out of range", "ipp://printer.example:70000/ipp/print", /not a URI/],
  ["port 0", "socket://printer.example:0", /port 0/],
  ["a percent-encoded host", "ipp://print%65r/ipp/print", /not a valid host name/],
  ["a host with a space", "ipp://printer example/ipp", /spaces/],
  ["a control character", "ipp://printer.example/\u0007", /control characters/],
  ["a path on a raw socket", "socket://printer.example:9100/queue", /no path/],
  ["a host on a file sink", "file://server/share", /not a host/],
  ["the root directory as a sink", "file:///", /other than \//],
  ["an overlong URI", `ipp://printer.example/${"a".repeat(1100)}`, /longer than/],
];

describe("parsePrinterUri", () => {
  test.each(ACCEPTED)("accepts %j", (text, normalized) => {
    expect(parsePrinterUri(text).href).toBe(normalized);
  });

  test.each(REFUSED)("refuses %s with a clear bad-request", (_name, text, message) => {
    let thrown: unknown;
    try {
      parsePrinterUri(text);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PrintvaktError);
    expect((thrown as PrintvaktError).code).toBe("bad-request");
    expect((thrown as PrintvaktError).message).toMatch(message);
  });

  test("never repeats a password from the URI in its message", () => {
    expect(() => parsePrinterUri("ipp://alice:hunter2@printer.example/")).toThrow(/^(?!.*hunter2)/);
  });
});

describe("driverForUri", () => {
  test.each([
    ["ipp://printer.example/ipp/print", IppPrinter],
    ["ipps://printer.example/ipp/print", IppPrinter],
    ["http://printer.example:8631/ipp/print", IppPrinter],
    ["https://printer.example/ipp/print", IppPrinter],
    ["socket://printer.example:9100", RawSocketPrinter],
    ["lpd://printer.example/laser", LpdPrinter],
    ["file:///tmp/printvakt-sink", FileSinkPrinter],
  ] as const)("%s gets the right driver", (uri, driverClass) => {
    expect(driverForUri(uri)).toBeInstanceOf(driverClass);
  });

  test("refuses what parsePrinterUri refuses", () => {
    expect(() => driverForUri("lpd://printer.example")).toThrow(PrintvaktError);
  });
});
