// Specification of the error table: every error code has an IPP, an HTTP and a socket answer, and
// every IPP answer is a real error status of the IANA registry (the `ipp` package is the oracle).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, test } from "vitest";
import { ERROR_ANSWERS, httpStatusOf, ippStatusOf, socketCodeOf } from "./error-answers.js";
import type { ErrorCode } from "./errors.js";

const ippStatusCodes = (createRequire(import.meta.url)("ipp") as { statusCodes: Record<string, number> }).statusCodes;

/** The codes as declared in the ErrorCode union, read from source so a cast cannot hide a gap. */
const DECLARED = [...readFileSync(new URL("./errors.ts", import.meta.url), "utf8").matchAll(/^\s*\| "([a-z-]+)"/gm)].map((match) => match[1] as ErrorCode);

describe("the error table", () => {
  test("declares the codes it is read against (the source scan found them)", () => {
    expect(DECLARED).toContain("not-found");
    expect(DECLARED).toContain("internal");
    expect(DECLARED.length).toBeGreaterThanOrEqual(20);
  });

  test("has exactly one row per declared error code", () => {
    expect(Object.keys(ERROR_ANSWERS).sort()).toEqual([...DECLARED].sort());
  });

  test.each(DECLARED)("%s has an IPP error status, an HTTP error status and a socket code", (code) => {
    const answer = ERROR_ANSWERS[code];
    expect(answer.ipp).toMatch(/^(?:client|server)-error-[a-z-]+$/);
    expect(ippStatusCodes[answer.ipp], `${answer.ipp} is not in the IANA status registry`).toBeTypeOf("number");
    expect(ippStatusOf(code)).toBe(ippStatusCodes[answer.ipp]);
    expect(ippStatusOf(code)).toBeGreaterThanOrEqual(0x0400);
    expect(Number.isInteger(httpStatusOf(code)) && httpStatusOf(code) >= 400 && httpStatusOf(code) <= 599).toBe(true);
    expect(socketCodeOf(code)).toMatch(/^[a-z][a-z-]{1,31}$/);
  });

  test("a job that is not yours and a missing job share one answer on every channel", () => {
    // Both are thrown as "not-found" (server/ipp/job-target.ts); this row is all a requester sees.
    expect(ERROR_ANSWERS["not-found"]).toEqual({ ipp: "client-error-not-found", http: 404, socket: "not-found" });
  });

  test("server errors never reach a kiosk under their own code", () => {
    expect(socketCodeOf("bad-config")).toBe("internal");
    expect(httpStatusOf("bad-config")).toBe(500);
  });

  test("the finer IPP codes answer HTTP and the kiosk like the general code they refine", () => {
    const refines: Array<[ErrorCode, ErrorCode]> = [
      ["charset-not-supported", "bad-request"],
      ["compression-error", "bad-request"],
      ["multiple-documents", "not-possible"],
      ["value-too-long", "too-large"],
      ["attributes-not-settable", "unsupported"],
      ["document-format-not-supported", "unsupported"],
      ["compression-not-supported", "unsupported"],
      ["operation-not-supported", "unsupported"],
      ["version-not-supported", "unsupported"],
    ];
    for (const [fine, general] of refines) {
      expect({ http: httpStatusOf(fine), socket: socketCodeOf(fine) }, fine).toEqual({ http: httpStatusOf(general), socket: socketCodeOf(general) });
      expect(ERROR_ANSWERS[fine].ipp, fine).not.toBe(ERROR_ANSWERS[general].ipp);
    }
  });
});
