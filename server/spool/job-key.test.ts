// Specification of job keys: wrapping binds a key to one job and one master key; sealed fields die with the job key.
import { hkdfSync, randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { PrintvaktError } from "../../core/errors.js";
import { deriveJobSubkey, newJobKey, openSmall, sealSmall, unwrapJobKey, WRAPPED_JOB_KEY_BYTES, wrapJobKey, wrappedKeyMasterId } from "./job-key.js";
import { MasterKey } from "./master-key.js";

function failureOf(action: () => unknown): PrintvaktError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(PrintvaktError);
    return error as PrintvaktError;
  }
  throw new Error("expected the action to fail");
}

const master = new MasterKey(randomBytes(32));
const spoolId = "0123456789abcdef0123456789abcdef";

describe("job keys", () => {
  test("are 32 random bytes, different every time", () => {
    const first = newJobKey();
    expect(first.length).toBe(32);
    expect(first.equals(newJobKey())).toBe(false);
  });
});

describe("a job key's subkeys", () => {
  test("are HKDF-SHA256 of the job key with an empty salt, per purpose: what hkdfSync derives", () => {
    for (let round = 0; round < 50; round++) {
      const jobKey = newJobKey();
      for (const purpose of ["spool-file", "small-field"] as const) {
        expect(deriveJobSubkey(jobKey, purpose)).toEqual(Buffer.from(hkdfSync("sha256", jobKey, Buffer.alloc(0), `printvakt ${purpose} v1`, 32)));
      }
    }
  });

  test("differ between purposes", () => {
    const jobKey = newJobKey();
    expect(deriveJobSubkey(jobKey, "spool-file")).not.toEqual(deriveJobSubkey(jobKey, "small-field"));
  });
});

describe("wrapping a job key", () => {
  test("unwraps to the same key with the same master key and context", () => {
    const jobKey = newJobKey();
    const wrapped = wrapJobKey(master, jobKey, spoolId);
    expect(wrapped.length).toBe(WRAPPED_JOB_KEY_BYTES);
    expect(wrapped[0]).toBe(1);
    expect(unwrapJobKey(master, wrapped, spoolId).equals(jobKey)).toBe(true);
  });

  test("records which master key wrapped it", () => {
    expect(wrappedKeyMasterId(wrapJobKey(master, newJobKey(), spoolId))).toBe(master.id);
  });

  test("uses a fresh nonce, so wrapping the same key twice gives different bytes", () => {
    const jobKey = newJobKey();
    expect(wrapJobKey(master, jobKey, spoolId).equals(wrapJobKey(master, jobKey, spoolId))).toBe(false);
  });

  test("a wrapped key moved to another job does not unwrap", () => {
    const wrapped = wrapJobKey(master, newJobKey(), spoolId);
    const failure = failureOf(() => unwrapJobKey(master, wrapped, "fedcba9876543210fedcba9876543210"));
    expect(failure.code).toBe("internal");
    expect(failure.details?.reason).toBe("authentication-failed");
  });

  test("a key wrapped by another master key is named as such, not as tampering", () => {
    const wrapped = wrapJobKey(new MasterKey(randomBytes(32)), newJobKey(), spoolId);
    expect(failureOf(() => unwrapJobKey(master, wrapped, spoolId)).details?.reason).toBe("wrong-master-key");
  });

  test("any flipped byte makes it fail", () => {
    const wrapped = wrapJobKey(master, newJobKey(), spoolId);
    for (let position = 0; position < wrapped.length; position++) {
      const copy = Buffer.from(wrapped);
      copy[position] = (copy[position] as number) ^ 0x80;
      failureOf(() => unwrapJobKey(master, copy, spoolId));
    }
  });

  test("a wrapped key of the wrong length is refused", () => {
    const wrapped = wrapJobKey(master, newJobKey(), spoolId);
    expect(failureOf(() => unwrapJobKey(master, wrapped.subarray(1), spoolId)).details?.reason).toBe("malformed");
  });

  test("an empty context is refused, because it would bind the key to nothing", () => {
    failureOf(() => wrapJobKey(master, newJobKey(), ""));
  });
});

describe("sealed small fields", () => {
  const title = "Utredning LSS – Åsa Öberg 19121212-1212.pdf";
  const context = `title:${spoolId}`;

  test("open to the original text, including non-ASCII characters", () => {
    const jobKey = newJobKey();
    expect(openSmall(jobKey, sealSmall(jobKey, title, context), context)).toBe(title);
    expect(openSmall(jobKey, sealSmall(jobKey, "", context), context)).toBe("");
  });

  test("do not contain the text", () => {
    const sealed = sealSmall(newJobKey(), title, context);
    expect(sealed.includes(Buffer.from("19121212"))).toBe(false);
    expect(sealed.includes(Buffer.from("Öberg"))).toBe(false);
  });

  test("cannot be opened without the job key, so destroying the key destroys the title", () => {
    const sealed = sealSmall(newJobKey(), title, context);
    expect(failureOf(() => openSmall(newJobKey(), sealed, context)).details?.reason).toBe("authentication-failed");
  });

  test("cannot be moved to another field or job", () => {
    const jobKey = newJobKey();
    const sealed = sealSmall(jobKey, title, context);
    failureOf(() => openSmall(jobKey, sealed, `owner:${spoolId}`));
  });

  test("a tampered field fails", () => {
    const jobKey = newJobKey();
    const sealed = sealSmall(jobKey, title, context);
    sealed[20] = (sealed[20] as number) ^ 1;
    failureOf(() => openSmall(jobKey, sealed, context));
  });
});
