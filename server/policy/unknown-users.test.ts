// The table of who may submit under a name, for both settings of PRINTVAKT_UNKNOWN_USERS.
import { describe, expect, test } from "vitest";
import { submitterStanding, type SubmitterFacts } from "./unknown-users.js";

const active = { disabledAt: null };
const disabled = { disabledAt: new Date("2026-11-30T08:00:00Z") };

describe("submitterStanding", () => {
  test.each<[string, SubmitterFacts, string, string]>([
    ["an empty store (quick start): everyone prints as before", { people: 0, person: null }, "refuse", "person"],
    ["an empty store, quota mode", { people: 0, person: null }, "quota", "person"],
    ["a known person", { people: 3, person: active }, "refuse", "person"],
    ["a known person, quota mode", { people: 3, person: active }, "quota", "person"],
    ["a name nobody has", { people: 3, person: null }, "refuse", "refused"],
    ["a name nobody has, quota mode", { people: 3, person: null }, "quota", "shared-quota"],
    ["a person the directory disabled", { people: 3, person: disabled }, "refuse", "refused"],
    ["a person the directory disabled, quota mode", { people: 3, person: disabled }, "quota", "shared-quota"],
  ])("%s", (_case, facts, mode, standing) => {
    expect(submitterStanding(facts, mode as "refuse" | "quota")).toBe(standing);
  });
});
