// Specification: the loaded master key must open every live job, or the start is refused unless
// the operator accepted losing those jobs.
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { assertMasterKeyOpensLiveJobs, type LoadedKey } from "./master-key-check.js";

const loaded: LoadedKey = { id: "aaaaaaaaaaaaaaaa", source: "/srv/printvakt/master.key", madeNow: false };

function refusal(jobs: Map<string, number>, key: LoadedKey): string {
  try {
    assertMasterKeyOpensLiveJobs(jobs, key, false);
  } catch (error) {
    expect(error).toBeInstanceOf(PrintvaktError);
    return (error as PrintvaktError).userMessage;
  }
  throw new Error("the start was not refused");
}

describe("the master key check", () => {
  test("passes with no live jobs, or only jobs under the loaded key", () => {
    expect(assertMasterKeyOpensLiveJobs(new Map(), loaded, false)).toBe(0);
    expect(assertMasterKeyOpensLiveJobs(new Map([[loaded.id, 7]]), loaded, false)).toBe(0);
  });

  test("refuses a replaced key, naming the jobs, both keys and the two ways on", () => {
    const message = refusal(new Map([[loaded.id, 1], ["bbbbbbbbbbbbbbbb", 3]]), loaded);
    expect(message).toBe(
      "refusing to start: 3 live jobs in the database were encrypted under master key bbbbbbbbbbbbbbbb, but the master key from /srv/printvakt/master.key (id aaaaaaaaaaaaaaaa) is not the one they were encrypted with, so they could never print. " +
        "Restore the original master key (from a backup, or fix PRINTVAKT_MASTER_KEY_FILE / PRINTVAKT_MASTER_KEY) and start again. To give those jobs up instead, start once with `printvakt serve --accept-unreadable-jobs`: they are destroyed and audited as job.purged (reason master-key-lost).",
    );
  });

  test("refuses a missing key file: one live job", () => {
    expect(refusal(new Map([["bbbbbbbbbbbbbbbb", 1]]), { ...loaded, madeNow: true })).toContain(
      "1 live job in the database was encrypted under master key bbbbbbbbbbbbbbbb, but the master key file /srv/printvakt/master.key is missing (a new key would be made), so it could never print",
    );
  });

  test("once accepted, starts and says how many jobs the key cannot open", () => {
    expect(assertMasterKeyOpensLiveJobs(new Map([["bbbbbbbbbbbbbbbb", 2], ["unknown", 1], [loaded.id, 4]]), loaded, true)).toBe(3);
  });
});
