// Specification of signed prune statements: only the checkpoint key authorises where a log starts.
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import { keyIdOf } from "./public-key.js";
import { signPruneStatement, verifyPruneStatement } from "./prune-statement.js";

function makeKey() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

const key = makeKey();
const ring = new Map([[key.keyId, key.publicKey]]);
const through = { seq: 40, hash: "a".repeat(64) };
const at = new Date(Date.UTC(2026, 0, 31, 8, 0, 0));

describe("prune statements", () => {
  test("a statement signed with the checkpoint key verifies", () => {
    expect(verifyPruneStatement(signPruneStatement(key, through, at), ring)).toBe(true);
  });

  test("a changed start, time or signature, or another key, does not", () => {
    const statement = signPruneStatement(key, through, at);
    expect(verifyPruneStatement({ ...statement, throughSeq: 41 }, ring)).toBe(false);
    expect(verifyPruneStatement({ ...statement, throughHash: "b".repeat(64) }, ring)).toBe(false);
    expect(verifyPruneStatement({ ...statement, at: new Date(at.getTime() + 1) }, ring)).toBe(false);
    expect(verifyPruneStatement({ ...statement, signature: "forged" }, ring)).toBe(false);
    const other = makeKey();
    expect(verifyPruneStatement(signPruneStatement(other, through, at), ring)).toBe(false);
  });
});
