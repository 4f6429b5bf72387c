// Architecture rule: an error status is chosen only in core/error-answers.ts. Any other shipped
// file that names an IPP error status or passes an HTTP 4xx/5xx number fails this test, so a new
// throw site has to add a named code to the table instead of picking its own answer.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const SHIPPED = ["core", "server", "drivers", "kiosk"];

/** Files that may name statuses, each with the reason. Everything else must go through the table. */
const IPP_ALLOWED: Record<string, string> = {
  "core/error-answers.ts": "the table itself",
  "core/ipp/codec/": "the low-level codec: its status registry names every status, and it decodes numbers off the wire",
  "drivers/printers/ipp-status.ts": "reads the status a printer sent us; it answers nobody",
  "drivers/printers/ipp-printer.ts": "reads the status a printer sent us; it answers nobody",
};
const HTTP_ALLOWED: Record<string, string> = {
  "core/error-answers.ts": "the table itself",
  "drivers/printers/ipp-transport.ts": "reads the HTTP status a printer sent us; it answers nobody",
  "server/http/error-handler.ts": "reads the status Express's body parser put on its own error, to translate it into a code",
  "kiosk/screen/setup.js": "the kiosk page reads the status the server answered it",
};

const RULES = [
  { name: "an IPP error status constant", pattern: /IppStatus\.(?:clientError|serverError)\w*/, allowed: IPP_ALLOWED },
  { name: "an IPP error status keyword", pattern: /["'`](?:client|server)-error-[a-z-]+/, allowed: IPP_ALLOWED },
  { name: "an IPP error status number", pattern: /\b0x0[45][0-9a-fA-F]{2}\b/, allowed: { ...IPP_ALLOWED, "drivers/card-readers/known-readers.ts": "USB product ids, not statuses" } },
  { name: "an HTTP error status number given to a response", pattern: /(?:\.status|writeHead|sendStatus|refuseHttp)\(\s*(?:\w+\s*,\s*)?[45]\d\d\b/, allowed: HTTP_ALLOWED },
  { name: "an HTTP error status number assigned", pattern: /(?:statusCode|status)\s*(?:=|===|!==|:)\s*[45]\d\d\b/, allowed: HTTP_ALLOWED },
  // The overrides the table replaced: an error that carries its own status past the table.
  {
    name: "a status override carried in an error's details",
    pattern: /\b(?:ippStatus|ackCode|httpStatus)\s*:/,
    allowed: {
      "drivers/printers/ipp-status.ts": "records, for the audit, the status a printer sent",
      "core/ipp/codec/decode-error.ts": "exposes the status the table gives its code, for the codec's own tests",
    },
  },
];

function sourceFiles(directory: string): string[] {
  return readdirSync(join(ROOT, directory), { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(path);
    return /\.(?:ts|js|mjs)$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [path] : [];
  });
}

/** Code lines only: a comment may explain a status (as the codec's header does) without choosing one. */
function codeLines(path: string): Array<{ line: number; text: string }> {
  return readFileSync(join(ROOT, path), "utf8")
    .split("\n")
    .map((text, index) => ({ line: index + 1, text }))
    .filter(({ text }) => !/^\s*(?:\/\/|\*|\/\*)/.test(text));
}

function isAllowed(path: string, allowed: Record<string, string>): boolean {
  return Object.keys(allowed).some((prefix) => path === prefix || (prefix.endsWith("/") && path.startsWith(prefix)));
}

const FILES = SHIPPED.flatMap(sourceFiles).map((path) => relative(ROOT, join(ROOT, path)).split("\\").join("/"));

describe("error statuses are chosen only in core/error-answers.ts", () => {
  test("the scan sees the shipped code (a broken walk must not pass by finding nothing)", () => {
    expect(FILES).toContain("server/ipp/http-endpoint.ts");
    expect(FILES).toContain("server/realtime/ack.ts");
    expect(FILES.length).toBeGreaterThan(100);
  });

  for (const rule of RULES) {
    test(`no file outside the allow-list picks ${rule.name}`, () => {
      const offenders = FILES.filter((path) => !isAllowed(path, rule.allowed)).flatMap((path) =>
        codeLines(path)
          .filter(({ text }) => rule.pattern.test(text))
          .map(({ line, text }) => `${path}:${line}: ${text.trim()}`),
      );
      expect(offenders).toEqual([]);
    });
  }

  test("the rules catch what they are meant to catch", () => {
    // Each rule must fire on a typical offending line, or the scan above would prove nothing.
    const offending = [
      'throw new PrintvaktError("unsupported", "x", { details: { ippStatus: IppStatus.clientErrorDocumentFormatNotSupported } });',
      'return { status: "client-error-not-found" };',
      "const status = 0x0406;",
      "response.status(404).json({});",
      "response.statusCode = 503;",
      'throw new PrintvaktError("not-possible", "ended", { details: { ackCode: "session-ended" } });',
    ];
    RULES.forEach((rule, index) => expect(rule.pattern.test(offending[index]!), rule.name).toBe(true));
    expect(RULES.some((rule) => rule.pattern.test("this.#refuseHttp(response, 400, 'x');"))).toBe(true);
    expect(RULES.some((rule) => rule.pattern.test('response.status(httpStatusOf("unavailable"))'))).toBe(false);
  });
});
